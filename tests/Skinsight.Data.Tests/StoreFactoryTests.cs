using Skinsight.Data.Encryption;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

public class StoreFactoryTests
{
    [Fact]
    public async Task Open_NewSqliteFile_AppliesEveryMigration()
    {
        await using var temp = await TempStore.OpenAsync();
        await using var context = temp.Store.CreateContext();

        var applied = await context.Database.GetAppliedMigrationsAsync();

        Assert.True(File.Exists(temp.Path));
        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.Equal(context.Database.GetMigrations(), applied);
    }

    [Fact]
    public async Task Open_NewSqliteFile_UsesWalJournal()
    {
        await using var temp = await TempStore.OpenAsync();

        await using var connection = new SqliteConnection($"Data Source={temp.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var mode = (string?)await command.ExecuteScalarAsync();

        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task Open_MissingFolders_CreatesThem()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "a", "b", "store.db");

        var store = await StoreFactory.OpenAsync(path, new KeyRingOptions(folder.File("keys")));
        SqliteConnection.ClearAllPools();

        Assert.True(File.Exists(path));
        Assert.Equal(StoreProvider.Sqlite, store.Spec.Provider);
    }

    [Fact]
    public async Task Open_SecondTime_KeepsStoredRows()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("p1")]);

        var reopened = await StoreFactory.OpenAsync(temp.Path, new KeyRingOptions(temp.KeyFolder));

        Assert.Equal(1, await reopened.CountProductsAsync());
    }

    [Fact]
    public async Task Open_Synchronous_AppliesEveryMigrationWithWal()
    {
        using var folder = new TempFolder();
        string path = folder.File("sync.db");

        var store = StoreFactory.Open(path, new KeyRingOptions(folder.File("keys")));
        await using var context = store.CreateContext();
        var applied = await context.Database.GetAppliedMigrationsAsync();
        var mode = await context.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        SqliteConnection.ClearAllPools();

        Assert.Equal(context.Database.GetMigrations(), applied);
        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task Open_ParentIsFile_ThrowsStoreException()
    {
        using var folder = new TempFolder();
        string blocker = folder.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        string path = Path.Combine(blocker, "store.db");

        var error = await Assert.ThrowsAsync<StoreException>(() => StoreFactory.OpenAsync(path, new KeyRingOptions(folder.File("keys"))));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Models_BothProviders_MatchTheirMigrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for SqliteSkinsightContext.");
        Assert.False(postgres.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for PostgresSkinsightContext.");
    }

    [Fact]
    public void Models_BothProviders_HaveMigrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.NotEmpty(postgres.Database.GetMigrations());
    }
}
