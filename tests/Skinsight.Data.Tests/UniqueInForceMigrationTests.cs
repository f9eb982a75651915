using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

/// <summary>
/// A SQLite store from before the unique indexes on running experiments and on consents in force, holding rows that
/// break them, migrated by opening it.
/// </summary>
public class UniqueInForceMigrationTests
{
    private const string SchemaBefore = "20261205025412_AuditPseudonyms";

    [Fact]
    public async Task Open_TwoRunning_KeepsNewestRunning()
    {
        using var folder = new TempFolder();
        string path = folder.File("store.db");
        var keyOptions = new KeyRingOptions(folder.File("keys"));
        var older = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        var newer = older.AddHours(1);
        var old = new SkinsightStore(StoreSpec.Parse(path), KeyRing.Open(keyOptions));
        await using (var context = old.CreateContext())
        {
            await context.GetService<IMigrator>().MigrateAsync(SchemaBefore);
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO experiments ("Id", "Name", "Hypothesis", "ArmsJson", "Measure", "Better", "PlannedPerArm", "Looks", "Status", "CreatedAt")
                    VALUES ({Guid.NewGuid()}, 'older', 'h', '[]', 'redness', 'lower', {40}, {1}, 'Running', {older});
                INSERT INTO experiments ("Id", "Name", "Hypothesis", "ArmsJson", "Measure", "Better", "PlannedPerArm", "Looks", "Status", "CreatedAt")
                    VALUES ({Guid.NewGuid()}, 'newer', 'h', '[]', 'redness', 'lower', {40}, {1}, 'Running', {newer});
                """);
        }

        SqliteConnection.ClearAllPools();

        var store = await StoreFactory.OpenAsync(path, keyOptions);
        var stopped = await store.FindExperimentAsync("older");

        Assert.Equal("newer", (await store.FindRunningExperimentAsync())?.Name);
        Assert.Equal(ExperimentStatus.Stopped, stopped?.Status);
        Assert.NotNull(stopped?.StoppedAt);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Open_TwoConsentsInForce_KeepsNewest()
    {
        using var folder = new TempFolder();
        string path = folder.File("store.db");
        var keyOptions = new KeyRingOptions(folder.File("keys"));
        var personId = Guid.NewGuid();
        var older = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        var newer = older.AddMinutes(1);
        var newest = Guid.NewGuid();
        var old = new SkinsightStore(StoreSpec.Parse(path), KeyRing.Open(keyOptions));
        await using (var context = old.CreateContext())
        {
            await context.GetService<IMigrator>().MigrateAsync(SchemaBefore);
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO people ("Id", "CreatedAt", "Handle") VALUES ({personId}, {older}, 'before-upgrade');
                INSERT INTO consents ("Id", "PersonId", "Purpose", "TextVersion", "GrantedAt")
                    VALUES ({Guid.NewGuid()}, {personId}, 'Analysis', 'v1', {older});
                INSERT INTO consents ("Id", "PersonId", "Purpose", "TextVersion", "GrantedAt")
                    VALUES ({newest}, {personId}, 'Analysis', 'v2', {newer});
                INSERT INTO consents ("Id", "PersonId", "Purpose", "TextVersion", "GrantedAt")
                    VALUES ({Guid.NewGuid()}, {personId}, 'Research', 'v1', {older});
                """);
        }

        SqliteConnection.ClearAllPools();

        var store = await StoreFactory.OpenAsync(path, keyOptions);
        var inForce = await store.ListConsentsAsync(personId);

        Assert.Equal(2, inForce.Count);
        Assert.Contains(inForce, c => c.Id == newest);
        Assert.Contains(inForce, c => c.Purpose == ConsentPurpose.Research);
        Assert.Equal(3, (await store.ListConsentHistoryAsync(personId)).Count);
        SqliteConnection.ClearAllPools();
    }
}
