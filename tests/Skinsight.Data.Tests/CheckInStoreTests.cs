using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

public class CheckInStoreTests
{
    [Fact]
    public async Task AddCheckIn_WithAnalysis_StoresEveryPart()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.Store.AddPlanAsync(person.Id, Samples.Profile(), Samples.Plan(), null);

        var id = await temp.Store.AddCheckInAsync(person.Id, NewCheckIn(planId), Samples.Analysis(), Samples.PhotoBytes(2));
        var listed = Assert.Single(await temp.Store.ListCheckInsAsync(person.Id));

        Assert.Equal(id, listed.Id);
        Assert.NotNull(listed.AnalysisId);
        Assert.Equal(82.5, listed.PhotoQuality);
        Assert.Equal(2, listed.Values.Count);
        Assert.All(listed.Values, v => Assert.Equal(person.Id, v.PersonId));
        Assert.Equal(planId, Assert.Single(listed.Steps).PlanId);
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, listed.AnalysisId.Value));
    }

    [Fact]
    public async Task AddCheckIn_OtherPersonsPlan_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var owner = await temp.Store.GetOrCreatePersonAsync("owner");
        var other = await temp.Store.GetOrCreatePersonAsync("other");
        var planId = await temp.Store.AddPlanAsync(owner.Id, Samples.Profile(), Samples.Plan(), null);

        await Assert.ThrowsAsync<PlanNotFoundException>(
            () => temp.Store.AddCheckInAsync(other.Id, NewCheckIn(planId), null, null));

        Assert.Empty(await temp.Store.ListCheckInsAsync(other.Id));
        Assert.Empty(await temp.Store.ListAnalysesAsync(other.Id));
    }

    [Fact]
    public async Task AddCheckIn_SameKindAndTime_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var at = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        await temp.Store.AddCheckInAsync(person.Id, RatingCheckIn(at, 3), null, null);

        var error = await Assert.ThrowsAsync<CheckInConflictException>(
            () => temp.Store.AddCheckInAsync(person.Id, RatingCheckIn(at, 7), null, null));

        Assert.Equal(409, error.StatusCode);
        Assert.Contains("already has dryness measured at 2026-01-01T08:00:00.0000000Z", error.Message, StringComparison.Ordinal);
        var kept = Assert.Single(await temp.Store.ListCheckInsAsync(person.Id));
        Assert.Equal(3, Assert.Single(kept.Values).Value);
    }

    [Fact]
    public async Task AddCheckIn_OtherKindOrPerson_Stores()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var other = await temp.Store.GetOrCreatePersonAsync("other");
        var at = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        await temp.Store.AddCheckInAsync(person.Id, RatingCheckIn(at, 3), null, null);
        var oiliness = RatingCheckIn(at, 5);
        oiliness.Values[0].Kind = "oiliness";

        await temp.Store.AddCheckInAsync(person.Id, oiliness, null, null);
        await temp.Store.AddCheckInAsync(other.Id, RatingCheckIn(at, 7), null, null);

        Assert.Equal(2, (await temp.Store.ListCheckInsAsync(person.Id)).Count);
        Assert.Single(await temp.Store.ListCheckInsAsync(other.Id));
    }

    [Fact]
    public async Task AddCheckIn_SameTimeOtherPhotoMode_Stores()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var at = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        await temp.Store.AddCheckInAsync(person.Id, PhotoCheckIn(at, AnalysisMode.Face, 40), null, null);

        await temp.Store.AddCheckInAsync(person.Id, PhotoCheckIn(at, AnalysisMode.Closeup, 60), null, null);
        var error = await Assert.ThrowsAsync<CheckInConflictException>(
            () => temp.Store.AddCheckInAsync(person.Id, PhotoCheckIn(at, AnalysisMode.Closeup, 70), null, null));

        Assert.Equal("redness", error.Kind);
        Assert.Equal(AnalysisMode.Closeup, error.Mode);
        Assert.Contains("already has redness from a skin close-up measured at", error.Message, StringComparison.Ordinal);
        var values = (await temp.Store.LoadCheckInHistoryAsync(person.Id)).Values;
        Assert.Equal(40, values.Single(v => v.Mode == AnalysisMode.Face).Value);
        Assert.Equal(60, values.Single(v => v.Mode == AnalysisMode.Closeup).Value);
    }

    [Fact]
    public async Task DeleteCheckIn_Own_RemovesItsRowsAnalysisAndPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.Store.AddPlanAsync(person.Id, Samples.Profile(), Samples.Plan(), null);
        var id = await temp.Store.AddCheckInAsync(person.Id, NewCheckIn(planId), Samples.Analysis(), Samples.PhotoBytes(2));
        var kept = await temp.Store.AddCheckInAsync(
            person.Id, RatingCheckIn(new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc), 3), Samples.Analysis(), Samples.PhotoBytes(3));
        var keptAnalysis = (await temp.Store.ListCheckInsAsync(person.Id)).Single(c => c.Id == kept).AnalysisId;

        bool deleted = await temp.Store.DeleteCheckInAsync(person.Id, id);

        Assert.True(deleted);
        Assert.Equal(kept, Assert.Single(await temp.Store.ListCheckInsAsync(person.Id)).Id);
        await using var context = temp.Store.CreateContext();
        Assert.Empty(context.CheckInValues.Where(v => v.CheckInId == id));
        Assert.Empty(context.CheckInSteps);
        Assert.Equal(keptAnalysis, Assert.Single(context.Analyses).Id);
        Assert.Equal(keptAnalysis, Assert.Single(context.Photos).AnalysisId);
        Assert.Single(await temp.Store.ListPlansAsync(person.Id));
        Assert.False(await temp.Store.DeleteCheckInAsync(person.Id, id));
    }

    [Fact]
    public async Task DeleteCheckIn_OtherPersons_ReturnsFalseAndKeepsIt()
    {
        await using var temp = await TempStore.OpenAsync();
        var owner = await temp.Store.GetOrCreatePersonAsync("owner");
        var other = await temp.Store.GetOrCreatePersonAsync("other");
        var id = await temp.Store.AddCheckInAsync(
            owner.Id, RatingCheckIn(new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc), 3), Samples.Analysis(), Samples.PhotoBytes(2));

        bool deleted = await temp.Store.DeleteCheckInAsync(other.Id, id);

        Assert.False(deleted);
        var listed = Assert.Single(await temp.Store.ListCheckInsAsync(owner.Id));
        Assert.Single(listed.Values);
        Assert.NotNull(await temp.Store.LoadPhotoAsync(owner.Id, listed.AnalysisId!.Value));
    }

    [Fact]
    public async Task LoadCheckInHistory_TwoPeople_ReturnsOwnersRows()
    {
        await using var temp = await TempStore.OpenAsync();
        var owner = await temp.Store.GetOrCreatePersonAsync("owner");
        var other = await temp.Store.GetOrCreatePersonAsync("other");
        var start = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        for (int week = 2; week >= 0; week--)
        {
            await temp.Store.AddCheckInAsync(owner.Id, RatingCheckIn(start.AddDays(7 * week), 5 - week), null, null);
        }

        await temp.Store.AddCheckInAsync(other.Id, RatingCheckIn(start, 9), null, null);

        var history = await temp.Store.LoadCheckInHistoryAsync(owner.Id);

        Assert.Equal(3, history.CheckIns.Count);
        Assert.Equal([5.0, 4.0, 3.0], history.Values.Select(v => v.Value));
        Assert.True(history.Values.Zip(history.Values.Skip(1)).All(p => p.First.MeasuredAt < p.Second.MeasuredAt));
        Assert.Empty(history.Steps);
    }

    [Fact]
    public async Task DeletePerson_WithCheckIns_LeavesNoRows()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.Store.AddPlanAsync(person.Id, Samples.Profile(), Samples.Plan(), null);
        await temp.Store.AddCheckInAsync(person.Id, NewCheckIn(planId), Samples.Analysis(), null);

        Assert.True(await temp.Store.DeletePersonAsync(person.Id));

        await using var context = temp.Store.CreateContext();
        Assert.Empty(context.CheckIns);
        Assert.Empty(context.CheckInValues);
        Assert.Empty(context.CheckInSteps);
    }

    internal static CheckInRecord NewCheckIn(Guid planId)
    {
        var at = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        return new CheckInRecord
        {
            TakenAt = at,
            Values =
            [
                new CheckInValueRecord { Source = CheckInValueSource.Rating, Kind = "dryness", Value = 4, Unit = "score", MeasuredAt = at },
                new CheckInValueRecord { Source = CheckInValueSource.Sensor, Kind = "hydration", Value = 41.5, Unit = "AU", MeasuredAt = at },
            ],
            Steps = [new CheckInStepRecord { PlanId = planId, Routine = "pm", StepIndex = 0, Used = 0.5 }],
        };
    }

    private static CheckInRecord PhotoCheckIn(DateTime at, AnalysisMode mode, double redness) => new()
    {
        TakenAt = at,
        Values =
        [
            new CheckInValueRecord
            {
                Source = CheckInValueSource.Photo, Mode = mode, Kind = "redness", Value = redness, Unit = "score", MeasuredAt = at,
            },
        ],
    };

    private static CheckInRecord RatingCheckIn(DateTime at, double dryness) => new()
    {
        TakenAt = at,
        Values = [new CheckInValueRecord { Source = CheckInValueSource.Rating, Kind = "dryness", Value = dryness, Unit = "score", MeasuredAt = at }],
    };
}
