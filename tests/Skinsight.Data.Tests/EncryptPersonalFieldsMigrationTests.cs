using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Skinsight.Core.History;
using Skinsight.Data.Encryption;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

/// <summary>
/// A SQLite store on the schema before check-in values and product history were encrypted, with rows in it,
/// migrated by opening it.
/// </summary>
public class EncryptPersonalFieldsMigrationTests
{
    private const string SchemaBefore = "20261204224020_Experiments";

    [Fact]
    public async Task Open_StoreOnSchemaBefore_KeepsAndEncryptsRows()
    {
        using var folder = new TempFolder();
        string path = folder.File("store.db");
        var keyOptions = new KeyRingOptions(folder.File("keys"));
        var personId = Guid.NewGuid();
        var at = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        var old = new SkinsightStore(StoreSpec.Parse(path), KeyRing.Open(keyOptions));
        await using (var context = old.CreateContext())
        {
            await context.GetService<IMigrator>().MigrateAsync(SchemaBefore);
            var checkInId = Guid.NewGuid();
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO people ("Id", "CreatedAt", "Handle") VALUES ({personId}, {at}, 'before-upgrade');
                INSERT INTO check_ins ("Id", "PersonId", "TakenAt", "CreatedAt") VALUES ({checkInId}, {personId}, {at}, {at});
                INSERT INTO check_in_values ("CheckInId", "PersonId", "Source", "Kind", "Value", "Unit", "MeasuredAt")
                    VALUES ({checkInId}, {personId}, 'Sensor', 'hydration', {41.5}, 'AU', {at});
                INSERT INTO product_experiences ("Id", "PersonId", "ProductKey", "Kind", "Note", "RecordedAt")
                    VALUES ({Guid.NewGuid()}, {personId}, 'before:P1', 'Reacted', 'hives', {at});
                """);
        }

        SqliteConnection.ClearAllPools();

        var store = await StoreFactory.OpenAsync(path, keyOptions);
        var value = Assert.Single((await store.LoadCheckInHistoryAsync(personId)).Values);
        var experience = Assert.Single(await store.ListExperiencesAsync(personId));
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(
            """SELECT (SELECT "Value" FROM check_in_values) || '|' || (SELECT "Note" FROM product_experiences)""", connection);
        string stored = (string)(await command.ExecuteScalarAsync())!;

        Assert.Equal(41.5, value.Value);
        Assert.Equal(ExperienceKind.Reacted, experience.Kind);
        Assert.Equal("hives", experience.Note);
        Assert.Equal(personId, (await store.GetOrCreatePersonAsync("before-upgrade")).Id);
        Assert.DoesNotContain("41.5", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("hives", stored, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
    }
}
