using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

public class ExperimentStoreTests
{
    [Fact]
    public async Task LogExposure_Twice_KeepsFirst()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var experiment = await temp.Store.AddExperimentAsync(NewExperiment("slow-start"));

        var first = await temp.Store.LogExposureAsync(experiment.Id, person.Id, "control");
        var second = await temp.Store.LogExposureAsync(experiment.Id, person.Id, "short");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("control", second.Variant);
        await using var context = temp.Store.CreateContext();
        Assert.Equal(1, await context.Exposures.CountAsync());
    }

    [Fact]
    public async Task AddPlan_UnderArm_RecordsArmAndExposure()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var experiment = await temp.Store.AddExperimentAsync(NewExperiment("slow-start"));
        var arm = new PlanArm(experiment.Id, "short");

        var firstPlan = await temp.Store.AddPlanAsync(person.Id, Samples.Profile(), Samples.Plan(), null, arm: arm);
        var exposure = await temp.Store.FindExposureAsync(experiment.Id, person.Id);
        await temp.Store.AddPlanAsync(person.Id, Samples.Profile(), Samples.Plan(), null, arm: arm);
        var record = await temp.Store.FindPlanAsync(person.Id, firstPlan);

        Assert.NotNull(record);
        Assert.Equal(experiment.Id, record.ExperimentId);
        Assert.Equal("short", record.ExperimentVariant);
        Assert.NotNull(exposure);
        Assert.Equal(exposure.ExposedAt, (await temp.Store.FindExposureAsync(experiment.Id, person.Id))?.ExposedAt);
    }

    [Fact]
    public async Task AddExperiment_WhileAnotherRuns_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.AddExperimentAsync(NewExperiment("first"));

        var running = await Assert.ThrowsAsync<ExperimentConflictException>(
            () => temp.Store.AddExperimentAsync(NewExperiment("second")));
        Assert.True(await temp.Store.StopExperimentAsync("first"));
        var duplicate = await Assert.ThrowsAsync<ExperimentConflictException>(
            () => temp.Store.AddExperimentAsync(NewExperiment("first")));
        await temp.Store.AddExperimentAsync(NewExperiment("second"));

        Assert.Contains("'first' is still running", running.Message, StringComparison.Ordinal);
        Assert.Contains("'first' already exists", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal("second", (await temp.Store.FindRunningExperimentAsync())?.Name);
    }

    [Fact]
    public async Task AddExperiment_ConcurrentStarts_OneRuns()
    {
        await using var temp = await TempStore.OpenAsync();
        await ConcurrentStartsLeaveOneRunningAsync(temp.Store);
    }

    [PostgresFact]
    public async Task AddExperiment_ConcurrentStarts_OneRuns_Postgres()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await ConcurrentStartsLeaveOneRunningAsync(temp.Store);
    }

    [Fact]
    public async Task SecondRunningRow_WrittenDirectly_IndexRejects()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.AddExperimentAsync(NewExperiment("first"));
        await using var context = temp.Store.CreateContext();
        var second = NewExperiment("second");
        second.Id = Guid.NewGuid();
        second.Status = ExperimentStatus.Running;
        context.Experiments.Add(second);

        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task DeletePerson_WithExposure_RemovesExposure()
    {
        await using var temp = await TempStore.OpenAsync();
        await DeletePersonRemovesExposureAsync(temp.Store);
    }

    [PostgresFact]
    public async Task DeletePerson_WithExposure_RemovesExposure_Postgres()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await DeletePersonRemovesExposureAsync(temp.Store);
    }

    [Fact]
    public async Task LoadExposureOutcomes_WithdrawnConsent_LeavesPersonOut()
    {
        await using var temp = await TempStore.OpenAsync();
        await WithdrawnConsentLeavesPersonOutAsync(temp.Store);
    }

    [PostgresFact]
    public async Task LoadExposureOutcomes_WithdrawnConsent_LeavesPersonOut_Postgres()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await WithdrawnConsentLeavesPersonOutAsync(temp.Store);
    }

    // Each start checks that none runs before it inserts, so without the unique index several could pass the check
    // together. Every start that loses gets the conflict error.
    private static async Task ConcurrentStartsLeaveOneRunningAsync(SkinsightStore store)
    {
        var starts = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => store.AddExperimentAsync(NewExperiment($"start-{i}"))))
            .ToList();
        var outcomes = new List<Exception?>();
        foreach (var start in starts)
        {
            try
            {
                await start;
                outcomes.Add(null);
            }
            catch (Exception ex)
            {
                outcomes.Add(ex);
            }
        }

        await using var context = store.CreateContext();
        Assert.Equal(1, await context.Experiments.CountAsync(e => e.Status == ExperimentStatus.Running));
        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<Exception>(), ex => Assert.IsType<ExperimentConflictException>(ex));
    }

    private static async Task WithdrawnConsentLeavesPersonOutAsync(SkinsightStore store)
    {
        var stays = await store.GetOrCreatePersonAsync("stays");
        var leaves = await store.GetOrCreatePersonAsync("leaves");
        var experiment = await store.AddExperimentAsync(NewExperiment("slow-start"));
        await store.LogExposureAsync(experiment.Id, stays.Id, "control");
        await store.LogExposureAsync(experiment.Id, leaves.Id, "control");
        await store.GrantConsentAsync(leaves.Id, ConsentPurpose.Analysis, "1");
        await store.AddCheckInAsync(stays.Id, RednessCheckIn(DateTime.UtcNow.AddDays(1), 40), null, null);
        await store.AddCheckInAsync(stays.Id, RednessCheckIn(DateTime.UtcNow.AddDays(-1), 50), null, null);

        var before = await store.LoadExposureOutcomesAsync(experiment.Id, "redness");
        await store.WithdrawConsentAsync(leaves.Id, ConsentPurpose.Analysis);
        var after = await store.LoadExposureOutcomesAsync(experiment.Id, "redness");

        Assert.Equal(2, before.Count);
        var remaining = Assert.Single(after);
        Assert.Equal(stays.Id, remaining.Exposure.PersonId);
        Assert.Equal([50.0, 40.0], remaining.Values.Select(v => v.Value));
    }

    private static async Task DeletePersonRemovesExposureAsync(SkinsightStore store)
    {
        var person = await store.GetOrCreateDefaultPersonAsync();
        var other = await store.GetOrCreatePersonAsync("other");
        var experiment = await store.AddExperimentAsync(NewExperiment("slow-start"));
        await store.AddPlanAsync(person.Id, Samples.Profile(), Samples.Plan(), null, arm: new PlanArm(experiment.Id, "short"));
        await store.LogExposureAsync(experiment.Id, other.Id, "control");

        Assert.True(await store.DeletePersonAsync(person.Id));

        Assert.Null(await store.FindExposureAsync(experiment.Id, person.Id));
        Assert.NotNull(await store.FindExposureAsync(experiment.Id, other.Id));
        Assert.Single(await store.LoadExposureOutcomesAsync(experiment.Id, "redness"));
    }

    private static ExperimentRecord NewExperiment(string name) => new()
    {
        Name = name,
        Hypothesis = "A shorter routine irritates less.",
        ArmsJson = StoreJson.Serialize(new[] { new ExperimentArm("control", 1, null), new ExperimentArm("short", 1, "minimal") }),
        Measure = "redness",
        Better = "lower",
        PlannedPerArm = 100,
        Looks = 3,
    };

    private static CheckInRecord RednessCheckIn(DateTime at, double redness) => new()
    {
        TakenAt = at,
        Values =
        [
            new CheckInValueRecord
            {
                Source = CheckInValueSource.Photo, Mode = AnalysisMode.Face, Kind = "redness", Value = redness, Unit = "score",
                MeasuredAt = at,
            },
        ],
    };
}
