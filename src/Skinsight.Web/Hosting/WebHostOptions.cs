namespace Skinsight.Web.Hosting;

/// <summary>Settings of one Skinsight web host.</summary>
/// <param name="DatabaseSpec">SQLite path or PostgreSQL connection string; null for the default store.</param>
/// <param name="Urls">Addresses to listen on, separated by ';'.</param>
/// <param name="OverlayDirectory">Folder where overlay PNGs of API analyses are kept.</param>
public sealed record WebHostOptions(string? DatabaseSpec, string Urls, string OverlayDirectory)
{
    /// <summary>Loopback only: a self-hosted install is exposed deliberately, behind a reverse proxy.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Configuration key naming the ingredient reference data folder (environment: <c>Skinsight__DataFolder</c>).</summary>
    public const string DataFolderSetting = "Skinsight:DataFolder";

    /// <summary>
    /// Folder of the ingredient reference data (CosIng, annexes, ratings, CosDNA) for product pages. When null,
    /// the <see cref="DataFolderSetting"/> configuration value is used, then <c>SKINSIGHT_DATA</c>, then a
    /// <c>shared/data</c> folder beside the checkout.
    /// </summary>
    public string? ReferenceDataFolder { get; init; }

    /// <summary>Largest accepted upload (photo or catalog), in bytes.</summary>
    public const long MaxUploadBytes = 40L * 1024 * 1024;

    /// <summary>
    /// Largest accepted JSON body, in bytes. A questionnaire with every list at its limit is about 30 KB, so this
    /// leaves room while keeping a client from making the server parse tens of megabytes of JSON.
    /// </summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;

    public static string DefaultOverlayDirectory { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "skinsight",
        "overlays");

    public const int DefaultUploadsPerMinute = 30;

    public const int DefaultSignInsPerMinute = 10;

    /// <summary>Folder of the trained models, one subfolder per model with its card. When null, operators see no models.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>Folder of the master key and data keys; null for <c>$SKINSIGHT_KEY_DIR</c> or the default.</summary>
    public string? KeyFolder { get; init; }

    /// <summary>Uploads (analyses, plans, catalog imports) one client may send per minute; 0 turns the limit off.</summary>
    public int UploadsPerMinute { get; init; } = DefaultUploadsPerMinute;

    /// <summary>Writes logs as one JSON object per line (for a log collector) instead of plain text.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>
    /// Sign-ups and sign-ins one client address may send per minute; 0 turns the limit off. Identity's lockout
    /// already stops guessing one account's password, and this limit slows guessing across many accounts.
    /// </summary>
    public int SignInsPerMinute { get; init; } = DefaultSignInsPerMinute;

    /// <summary>Exports and erasures one client may request per minute; 0 turns the limit off.</summary>
    public int SensitiveRequestsPerMinute { get; init; } = 5;

    /// <summary>Background job workers this instance runs; 0 makes it serve the API only.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>How long an idle worker waits before it looks for a job again, growing up to 8 times this while the queue stays empty.</summary>
    public TimeSpan JobPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claimed job stays with its worker without a renewal. The worker renews the lease every third of
    /// this time while the job runs, so a job may run longer than the lease. When a worker stops, or cannot reach
    /// the store for this long, another worker reclaims the job.
    /// </summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromMinutes(2);
}
