using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Skinsight.Data;

/// <summary>Opens a store, creating the database and applying pending migrations on first use.</summary>
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
    /// Returns the spec for <paramref name="dbSpec"/>; when it is null or blank, for <see cref="EnvironmentVariable"/>;
    /// when that is unset too, for <see cref="DefaultSqlitePath"/>.
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

    /// <summary>Opens the store named by <paramref name="dbSpec"/> (see <see cref="Resolve"/>) and migrates it.</summary>
    /// <exception cref="StoreException">The value is invalid, or the database cannot be created, reached or migrated.</exception>
    public static SkinsightStore Open(string? dbSpec) => OpenAsync(dbSpec).GetAwaiter().GetResult();

    /// <inheritdoc cref="Open"/>
    public static Task<SkinsightStore> OpenAsync(string? dbSpec, CancellationToken cancellationToken = default) =>
        OpenAsync(Resolve(dbSpec), cancellationToken);

    /// <summary>Opens the store at <paramref name="spec"/> and applies pending migrations.</summary>
    /// <exception cref="StoreException">The database cannot be created, reached or migrated.</exception>
    public static async Task<SkinsightStore> OpenAsync(StoreSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var store = new SkinsightStore(spec);
        try
        {
            if (spec.Provider == StoreProvider.Sqlite)
            {
                CreateSqliteFolder(spec.Description);
            }

            await using var context = store.CreateContext();

            // Migrate takes a database-wide lock (EF Core 9 and later), so app instances starting together on
            // one PostgreSQL database apply each migration once.
            await context.Database.MigrateAsync(cancellationToken);
            if (spec.Provider == StoreProvider.Sqlite)
            {
                // WAL lets readers work while one writer commits; the mode is stored in the file, so once is enough.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            throw new StoreException(
                $"Opening the {spec.Provider} store {spec.Description} failed ({ex.Message.ReplaceLineEndings(" ")}); check that it is reachable and writable, or pass another --db.",
                ex);
        }

        return store;
    }

    private static void CreateSqliteFolder(string filePath)
    {
        string? folder = Path.GetDirectoryName(filePath);
        if (!string.IsNullOrEmpty(folder) && filePath != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }
}
