using Npgsql;

namespace Skinsight.Data.Tests;

/// <summary>A store in a fresh PostgreSQL database, dropped on dispose.</summary>
internal sealed class TempPostgresStore : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _database;
    private readonly Skinsight.Testing.TempFolder _keys;

    private TempPostgresStore(string adminConnectionString, string database, string connectionString,
        SkinsightStore store, Skinsight.Testing.TempFolder keys)
    {
        ConnectionString = connectionString;
        _keys = keys;
        _adminConnectionString = adminConnectionString;
        _database = database;
        Store = store;
    }

    public SkinsightStore Store { get; }

    /// <summary>The connection string of the test database, to open a second store on it.</summary>
    public string ConnectionString { get; }

    /// <summary>The key folder of <see cref="Store"/>.</summary>
    public string KeyFolder => _keys.Path;

    public static async Task<TempPostgresStore> OpenAsync()
    {
        string admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.EnvironmentVariable)
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.EnvironmentVariable} is not set.");
        string database = "skinsight_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"");

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = database };
        var keys = new Skinsight.Testing.TempFolder();
        var store = await StoreFactory.OpenAsync(builder.ConnectionString, new Skinsight.Data.Encryption.KeyRingOptions(keys.Path));
        return new TempPostgresStore(admin, database, builder.ConnectionString, store, keys);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        _keys.Dispose();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
