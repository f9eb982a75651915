using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Encryption;

namespace Skinsight.Data;

/// <summary>Opens a store, creating the database and applying pending migrations on first use.</summary>
/// <remarks>
/// Migrate takes a database-wide lock (EF Core 9 and later), so app instances starting together on one
/// PostgreSQL database apply each migration once.
/// </remarks>
public static class StoreFactory
{
    /// <summary>Environment variable read when no database value is passed.</summary>
    public const string EnvironmentVariable = "SKINSIGHT_DB";

    /// <summary>The SQLite file used when neither a value nor <see cref="EnvironmentVariable"/> is given.</summary>
    public static string DefaultSqlitePath { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "skinsight",
        "skinsight.db");

    /// <summary>
    /// Returns the spec for <paramref name="dbSpec"/>. When it is null or blank, the spec comes from
    /// <see cref="EnvironmentVariable"/>, and when that is unset too, from <see cref="DefaultSqlitePath"/>.
    /// </summary>
    /// <exception cref="StoreException">The value cannot be read as a file path or connection string.</exception>
    public static StoreSpec Resolve(string? dbSpec)
    {
        if (!string.IsNullOrWhiteSpace(dbSpec))
        {
            return StoreSpec.Parse(dbSpec);
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? StoreSpec.ForSqliteFile(DefaultSqlitePath)
            : StoreSpec.Parse(fromEnvironment);
    }

    /// <summary>
    /// Opens the store named by <paramref name="dbSpec"/> (see <see cref="Resolve"/>) and migrates it, with the
    /// key ring in <paramref name="keys"/> or, when null, the one <see cref="KeyRingOptions.Resolve"/> finds.
    /// </summary>
    /// <exception cref="StoreException">
    /// The value is invalid, the database cannot be created, reached or migrated, or the keys cannot be used.
    /// </exception>
    public static SkinsightStore Open(string? dbSpec, KeyRingOptions? keys = null) => Open(Resolve(dbSpec), keys);

    /// <inheritdoc cref="Open(string?, KeyRingOptions?)"/>
    public static Task<SkinsightStore> OpenAsync(string? dbSpec, KeyRingOptions? keys = null,
        CancellationToken cancellationToken = default) =>
        OpenAsync(Resolve(dbSpec), keys, cancellationToken);

    /// <summary>Opens the store at <paramref name="spec"/> and applies pending migrations.</summary>
    /// <exception cref="StoreException">The database cannot be created, reached or migrated, or the keys cannot be used.</exception>
    public static SkinsightStore Open(StoreSpec spec, KeyRingOptions? keys = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var store = new SkinsightStore(spec, OpenKeyRing(spec, keys));
        try
        {
            using var context = store.CreateContext();
            if (spec.Provider == StoreProvider.Sqlite)
            {
                CreateSqliteFolder(spec.Description);
                context.Database.ExecuteSqlRaw(EnableWal);
            }

            context.Database.Migrate();
            RequireMatchingKeys(store, context.People.Any(p => p.Handle.StartsWith(HandleDigestPrefix)));

            // The synchronous Open serves the CLI and tests, which have no synchronization context to deadlock on.
            store.ProtectClearRowsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (IsOpenFailure(ex))
        {
            throw OpenFailed(spec, ex);
        }

        return store;
    }

    /// <inheritdoc cref="Open(StoreSpec, KeyRingOptions?)"/>
    public static async Task<SkinsightStore> OpenAsync(StoreSpec spec, KeyRingOptions? keys = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var store = new SkinsightStore(spec, OpenKeyRing(spec, keys));
        try
        {
            await using var context = store.CreateContext();
            if (spec.Provider == StoreProvider.Sqlite)
            {
                CreateSqliteFolder(spec.Description);
                await context.Database.ExecuteSqlRawAsync(EnableWal, cancellationToken);
            }

            await context.Database.MigrateAsync(cancellationToken);
            RequireMatchingKeys(store,
                await context.People.AnyAsync(p => p.Handle.StartsWith(HandleDigestPrefix), cancellationToken));
            await store.ProtectClearRowsAsync(cancellationToken);
        }
        catch (Exception ex) when (IsOpenFailure(ex))
        {
            throw OpenFailed(spec, ex);
        }

        return store;
    }

    // WAL lets readers work while one writer commits. The mode is stored in the file, so setting it on every
    // open only matters the first time.
    private const string EnableWal = "PRAGMA journal_mode=WAL;";

    private const string HandleDigestPrefix = "h1:";

    /// <summary>
    /// Refuses a key folder that has never served this database: its people were stored under a handle index
    /// key the folder lacks, so every sign-in would silently create a new person.
    /// </summary>
    private static void RequireMatchingKeys(SkinsightStore store, bool hasPeopleWithDigests)
    {
        if (hasPeopleWithDigests && !store.Keys.HasHandleIndexKey)
        {
            if (store.Keys.CreatedFolder is { } created)
            {
                // The folder was made by this open, so it contains only a new master key that nothing uses. Any parent
                // folders made on the way go with it.
                Directory.Delete(created, recursive: true);
                throw new KeyStoreException(
                    $"The store {store.Spec.Description} holds people whose keys are not in the key folder {store.Keys.Folder}; pass the --keys folder (or SKINSIGHT_KEY_DIR) used with this store before.");
            }

            throw new KeyStoreException(
                $"The key folder {store.Keys.Folder} lacks {store.Keys.HandleIndexKeyPath}, which the people of the store "
                + $"{store.Spec.Description} were indexed with; restore that file from a backup of the key folder, or pass "
                + "the --keys folder (or SKINSIGHT_KEY_DIR) used with this store before.");
        }
    }

    private static bool IsOpenFailure(Exception ex) =>
        ex is DbException or IOException or UnauthorizedAccessException or TimeoutException;

    private static StoreException OpenFailed(StoreSpec spec, Exception ex) =>
        new(
            $"Opening the {spec.Provider} store {spec.Description} failed ({ex.Message.ReplaceLineEndings(" ")}); check that it is reachable and writable, or pass another --db.",
            ex);

    /// <summary>Opens the key ring, rejecting a key folder that would sit beside a SQLite database.</summary>
    private static KeyRing OpenKeyRing(StoreSpec spec, KeyRingOptions? keys)
    {
        keys ??= KeyRingOptions.Resolve(null);
        if (spec.Provider == StoreProvider.Sqlite)
        {
            string keyFolder = Path.GetFullPath(keys.Folder).TrimEnd(Path.DirectorySeparatorChar);
            string databaseFolder = Path.GetDirectoryName(spec.Description) ?? "";
            if (string.Equals(keyFolder, databaseFolder, StringComparison.Ordinal))
            {
                throw new KeyStoreException(
                    $"The key folder {keyFolder} is the database's folder, so a copy of the database would carry its keys; pass another --keys folder (default {KeyRingOptions.DefaultFolder}).");
            }
        }

        return KeyRing.Open(keys);
    }

    private static void CreateSqliteFolder(string filePath)
    {
        string? folder = Path.GetDirectoryName(filePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
