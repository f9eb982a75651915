using Microsoft.Data.Sqlite;
using Npgsql;

namespace Skinsight.Data;

/// <summary>The database engine behind a store.</summary>
public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where a store lives: the provider, its connection string and a description without secrets.</summary>
/// <param name="Description">The SQLite file path, or PostgreSQL host, port and database; never a password.</param>
public sealed record StoreSpec(StoreProvider Provider, string ConnectionString, string Description)
{
    /// <summary>
    /// Seconds a SQLite command keeps retrying while another connection holds the write lock. Microsoft.Data.Sqlite
    /// retries busy and locked errors until the command timeout, so this is the busy timeout.
    /// </summary>
    public const int SqliteBusyTimeoutSeconds = 30;

    /// <summary>
    /// Reads a <c>--db</c> value: a PostgreSQL connection string (<c>Host=...;Database=...</c>), a SQLite connection
    /// string (<c>Data Source=...</c>) or a SQLite file path, where <c>~</c> means the home folder.
    /// </summary>
    /// <exception cref="StoreException">The value is blank, a URI, or a connection string with an invalid keyword.</exception>
    public static StoreSpec Parse(string dbSpec)
    {
        string spec = dbSpec.Trim();
        if (spec.Length == 0)
        {
            throw new StoreException("The database value is empty; pass a SQLite file path or a PostgreSQL connection string.");
        }

        if (spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException(
                "PostgreSQL URIs are not supported as a database value; use the keyword form, e.g. Host=127.0.0.1;Port=5432;Database=skinsight;Username=skinsight.");
        }

        if (HasKeyword(spec, "Host") || HasKeyword(spec, "Server"))
        {
            return ParsePostgres(spec);
        }

        if (HasKeyword(spec, "Data Source") || HasKeyword(spec, "DataSource") || HasKeyword(spec, "Filename"))
        {
            return ParseSqliteConnectionString(spec);
        }

        return ForSqliteFile(spec);
    }

    /// <summary>Describes a SQLite file store; creates nothing.</summary>
    public static StoreSpec ForSqliteFile(string path)
    {
        string fullPath = Path.GetFullPath(ExpandHome(path));
        var builder = new SqliteConnectionStringBuilder { DataSource = fullPath };
        return new StoreSpec(StoreProvider.Sqlite, CompleteSqlite(builder), fullPath);
    }

    private static StoreSpec ParseSqliteConnectionString(string spec)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(spec);
        }
        catch (ArgumentException ex)
        {
            throw new StoreException($"The SQLite connection string is invalid ({ex.Message}); pass a file path or a valid Data Source=... string.", ex);
        }

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(ExpandHome(builder.DataSource));
        }

        return new StoreSpec(StoreProvider.Sqlite, CompleteSqlite(builder), builder.DataSource);
    }

    private static StoreSpec ParsePostgres(string spec)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(spec);
        }
        catch (ArgumentException ex)
        {
            throw new StoreException(
                $"The PostgreSQL connection string is invalid ({ex.Message}); check its keywords, e.g. Host=127.0.0.1;Database=skinsight;Username=skinsight.",
                ex);
        }

        string database = builder.Database ?? builder.Username ?? "(default database)";
        return new StoreSpec(StoreProvider.Postgres, builder.ConnectionString, $"{builder.Host}:{builder.Port}/{database}");
    }

    private static string CompleteSqlite(SqliteConnectionStringBuilder builder)
    {
        builder.DefaultTimeout = SqliteBusyTimeoutSeconds;
        builder.ForeignKeys = true;
        return builder.ConnectionString;
    }

    private static bool HasKeyword(string spec, string keyword) =>
        spec.Split(';').Any(part =>
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            return equals > 0 && part[..equals].Trim().Equals(keyword, StringComparison.OrdinalIgnoreCase);
        });

    private static string ExpandHome(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return home + path[1..];
        }

        return path;
    }
}
