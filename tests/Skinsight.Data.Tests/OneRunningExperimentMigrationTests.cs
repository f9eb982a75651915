using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

/// <summary>
/// A SQLite store from before the index that lets one experiment run at a time, holding two running experiments,
/// migrated by opening it.
/// </summary>
public class OneRunningExperimentMigrationTests
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
}
