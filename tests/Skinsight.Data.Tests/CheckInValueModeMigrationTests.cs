using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Skinsight.Core.Analysis;
using Skinsight.Data.Encryption;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

/// <summary>
/// A SQLite store from before check-in values had a photo mode, migrated by opening it: each photo value takes the
/// mode of its check-in's analysis.
/// </summary>
public class CheckInValueModeMigrationTests
{
    private const string SchemaBefore = "20261206071203_OneConsentInForce";
    private const string EmptyJson = "{}";

    [Fact]
    public async Task Open_PhotoValues_TakeModeOfTheirAnalysis()
    {
        using var folder = new TempFolder();
        string path = folder.File("store.db");
        var keyOptions = new KeyRingOptions(folder.File("keys"));
        var personId = Guid.NewGuid();
        var (face, closeup, noAnalysis) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (faceAnalysis, closeupAnalysis) = (Guid.NewGuid(), Guid.NewGuid());
        var at = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        var old = new SkinsightStore(StoreSpec.Parse(path), KeyRing.Open(keyOptions));
        await using (var context = old.CreateContext())
        {
            await context.GetService<IMigrator>().MigrateAsync(SchemaBefore);
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO people ("Id", "CreatedAt", "Handle") VALUES ({personId}, {at}, 'before-upgrade');
                INSERT INTO analyses ("Id", "PersonId", "CreatedAt", "Mode", "Accepted", "QualityScore", "AnalysisJson")
                    VALUES ({faceAnalysis}, {personId}, {at}, 'Face', {true}, {80.0}, {EmptyJson});
                INSERT INTO analyses ("Id", "PersonId", "CreatedAt", "Mode", "Accepted", "QualityScore", "AnalysisJson")
                    VALUES ({closeupAnalysis}, {personId}, {at}, 'Closeup', {true}, {80.0}, {EmptyJson});
                INSERT INTO check_ins ("Id", "PersonId", "TakenAt", "CreatedAt", "AnalysisId")
                    VALUES ({face}, {personId}, {at}, {at}, {faceAnalysis});
                INSERT INTO check_ins ("Id", "PersonId", "TakenAt", "CreatedAt", "AnalysisId")
                    VALUES ({closeup}, {personId}, {at.AddDays(1)}, {at}, {closeupAnalysis});
                INSERT INTO check_ins ("Id", "PersonId", "TakenAt", "CreatedAt") VALUES ({noAnalysis}, {personId}, {at.AddDays(2)}, {at});
                INSERT INTO check_in_values ("CheckInId", "PersonId", "Source", "Kind", "Value", "Unit", "MeasuredAt")
                    VALUES ({face}, {personId}, 'Photo', 'redness', '40', 'score', {at});
                INSERT INTO check_in_values ("CheckInId", "PersonId", "Source", "Kind", "Value", "Unit", "MeasuredAt")
                    VALUES ({face}, {personId}, 'Rating', 'dryness', '4', 'score', {at});
                INSERT INTO check_in_values ("CheckInId", "PersonId", "Source", "Kind", "Value", "Unit", "MeasuredAt")
                    VALUES ({closeup}, {personId}, 'Photo', 'redness', '55', 'score', {at.AddDays(1)});
                INSERT INTO check_in_values ("CheckInId", "PersonId", "Source", "Kind", "Value", "Unit", "MeasuredAt")
                    VALUES ({noAnalysis}, {personId}, 'Photo', 'redness', '47', 'score', {at.AddDays(2)});
                """);
        }

        SqliteConnection.ClearAllPools();

        var store = await StoreFactory.OpenAsync(path, keyOptions);
        var values = (await store.LoadCheckInHistoryAsync(personId)).Values;

        Assert.Equal(AnalysisMode.Face, values.Single(v => v.CheckInId == face && v.Kind == "redness").Mode);
        Assert.Null(values.Single(v => v.Kind == "dryness").Mode);
        Assert.Equal(AnalysisMode.Closeup, values.Single(v => v.CheckInId == closeup).Mode);
        Assert.Null(values.Single(v => v.CheckInId == noAnalysis).Mode);
        Assert.Equal(55, values.Single(v => v.CheckInId == closeup).Value);
        SqliteConnection.ClearAllPools();
    }
}
