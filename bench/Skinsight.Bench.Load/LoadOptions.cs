using System.Globalization;

namespace Skinsight.Bench.Load;

/// <summary>How each analysis is requested.</summary>
internal enum LoadMode
{
    /// <summary><c>POST /api/analyses</c>, which returns the analysis.</summary>
    Sync,

    /// <summary><c>POST /api/jobs/analyses</c>, then <c>GET /api/jobs/{id}</c> until the job ends.</summary>
    Jobs,
}

/// <summary>Command-line options of the load benchmark.</summary>
/// <param name="BaseUrl">Server root on loopback.</param>
/// <param name="Mode">Synchronous analyses or background jobs.</param>
/// <param name="Clients">Concurrent clients, each with its own account.</param>
/// <param name="Duration">How long clients start new analyses.</param>
/// <param name="MaxAnalyses">Upper bound on analyses started over the whole run.</param>
/// <param name="PhotoFolder">Folder searched, with its subfolders, for JPEG, PNG and WebP photos.</param>
/// <param name="PhotoCount">Photos read into memory, evenly spaced in file-name order.</param>
/// <param name="ServerPid">Server process whose resident memory and CPU time are sampled, or null for none.</param>
/// <param name="SampleInterval">Time between memory samples.</param>
/// <param name="RequestTimeout">Limit on one analysis, from upload to result (to the job's end in jobs mode).</param>
/// <param name="PollInterval">Time between job status requests in jobs mode.</param>
/// <param name="Json">Print the report as one JSON object instead of a table.</param>
internal sealed record LoadOptions(
    Uri BaseUrl,
    LoadMode Mode,
    int Clients,
    TimeSpan Duration,
    int MaxAnalyses,
    string PhotoFolder,
    int PhotoCount,
    int? ServerPid,
    TimeSpan SampleInterval,
    TimeSpan RequestTimeout,
    TimeSpan PollInterval,
    bool Json)
{
    public const string Usage = """
        Usage: skinsight-bench-load [options]
          --url URL               server root on 127.0.0.1, ::1 or localhost (default http://127.0.0.1:5080)
          --mode sync|jobs        POST /api/analyses, or POST /api/jobs/analyses and poll (default sync)
          --clients N             concurrent clients, each signing up its own account (default 32)
          --duration TIME         how long new analyses are started: 90s, 2m, 10m or seconds (default 2m)
          --max-analyses N        stop after N analyses have been started (default 100000)
          --photos DIR            folder of face photos (default ../shared/data/images/utkface-crop-part1/images)
          --photo-count N         photos read into memory, evenly spaced by file name (default 500)
          --server-pid PID        sample the server's resident memory (/proc/PID/status) and CPU time
          --sample-interval TIME  time between memory samples (default 5s)
          --request-timeout TIME  limit on one analysis from upload to result (default 60s)
          --poll-interval TIME    time between job status requests in jobs mode (default 200ms)
          --json                  print the report as one JSON object
        The server's upload and sign-in rate limits apply per client address, so start it with
        `serve --uploads-per-minute 0 --sign-ins-per-minute 0`.
        """;

    /// <summary>Parses the command line, or returns null when help was requested.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or has an invalid value.</exception>
    public static LoadOptions? Parse(string[] args)
    {
        var options = new LoadOptions(
            new Uri("http://127.0.0.1:5080"), LoadMode.Sync, Clients: 32, TimeSpan.FromMinutes(2), MaxAnalyses: 100_000,
            DefaultPhotoFolder(), PhotoCount: 500, ServerPid: null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200), Json: false);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
            {
                return null;
            }

            if (name == "--json")
            {
                options = options with { Json = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option '{name}' has no value; see --help.");
            }

            string value = args[++i];
            options = name switch
            {
                "--url" => options with { BaseUrl = LoopbackUrl.Parse(value) },
                "--mode" => options with { Mode = ParseMode(value) },
                "--clients" => options with { Clients = ParseCount(name, value) },
                "--duration" => options with { Duration = ParseTime(name, value) },
                "--max-analyses" => options with { MaxAnalyses = ParseCount(name, value) },
                "--photos" => options with { PhotoFolder = value },
                "--photo-count" => options with { PhotoCount = ParseCount(name, value) },
                "--server-pid" => options with { ServerPid = ParseCount(name, value) },
                "--sample-interval" => options with { SampleInterval = ParseTime(name, value) },
                "--request-timeout" => options with { RequestTimeout = ParseTime(name, value) },
                "--poll-interval" => options with { PollInterval = ParseTime(name, value) },
                _ => throw new ArgumentException($"Unknown option '{name}'; see --help."),
            };
        }

        return options;
    }

    /// <summary>Parses a time such as <c>250ms</c>, <c>90s</c>, <c>2m</c> or a plain number of seconds.</summary>
    /// <exception cref="ArgumentException">The text is not a positive time in one of those forms.</exception>
    public static TimeSpan ParseTime(string option, string text)
    {
        (string number, double unitSeconds) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount)
            || !double.IsFinite(amount) || amount <= 0 || amount * unitSeconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new ArgumentException($"{option} '{text}' is not a time; pass e.g. 250ms, 90s, 2m or a number of seconds up to one day.");
        }

        return TimeSpan.FromSeconds(amount * unitSeconds);
    }

    private static int ParseCount(string option, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count <= 0)
        {
            throw new ArgumentException($"{option} '{text}' is not a positive whole number.");
        }

        return count;
    }

    private static LoadMode ParseMode(string text) => text switch
    {
        "sync" => LoadMode.Sync,
        "jobs" => LoadMode.Jobs,
        _ => throw new ArgumentException($"--mode '{text}' is unknown; pass sync or jobs."),
    };

    /// <summary>UTKFace crops under <c>SKINSIGHT_SHARED_DATA</c>, or under the <c>shared/data</c> folder beside the checkout.</summary>
    private static string DefaultPhotoFolder()
    {
        string data = Environment.GetEnvironmentVariable("SKINSIGHT_SHARED_DATA") is { Length: > 0 } shared
            ? shared
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "..", "shared", "data"));
        return Path.Combine(data, "images", "utkface-crop-part1", "images");
    }
}
