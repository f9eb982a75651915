using Npgsql;
using Skinsight.Data;

namespace Skinsight.Application.Tests.RealData;

/// <summary>A store in a fresh PostgreSQL database, dropped on dispose.</summary>
internal sealed class TempPostgresStore : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _database;
    private readonly Skinsight.Testing.TempFolder _keys;

    private TempPostgresStore(string adminConnectionString, string database, SkinsightStore store,
        Skinsight.Testing.TempFolder keys)
    {
        _keys = keys;
        _adminConnectionString = adminConnectionString;
        _database = database;
        Store = store;
    }

    public SkinsightStore Store { get; }

    public static async Task<TempPostgresStore> OpenAsync()
    {
        string admin = Environment.GetEnvironmentVariable(PostgresSharedDataFactAttribute.EnvironmentVariable)
            ?? throw new InvalidOperationException($"{PostgresSharedDataFactAttribute.EnvironmentVariable} is not set.");
        string database = "skinsight_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"");

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = database };
        var keys = new Skinsight.Testing.TempFolder();
        var store = await StoreFactory.OpenAsync(builder.ConnectionString, new Skinsight.Data.Encryption.KeyRingOptions(keys.Path));
        return new TempPostgresStore(admin, database, store, keys);
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
