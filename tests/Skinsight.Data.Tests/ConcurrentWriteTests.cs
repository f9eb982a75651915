using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Skinsight.Core.History;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

/// <summary>
/// Writes that look a row up and insert it when missing, run while another request inserts the same row between
/// the lookup and the insert. <see cref="WriteBeforeInsert{TEntity}"/> makes that order certain.
/// </summary>
public class ConcurrentWriteTests
{
    private const string ProductKey = "sephora-2023:P427417";

    [Fact]
    public async Task RecordExperience_ConcurrentFirstInsert_KeepsOneEntry()
    {
        await using var temp = await TempStore.OpenAsync();

        await AssertOneExperienceAsync(temp.Store);
    }

    [PostgresFact]
    public async Task RecordExperience_ConcurrentFirstInsertPostgres_KeepsOneEntry()
    {
        await using var temp = await TempPostgresStore.OpenAsync();

        await AssertOneExperienceAsync(temp.Store);
    }

    [Fact]
    public async Task SetDemographics_ConcurrentFirstWrite_KeepsLaterValues()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("racer");
        var racing = Racing<Demographics>(temp.Store,
            () => temp.Store.SetDemographicsAsync(new Demographics { PersonId = person.Id, BirthYear = 1980 }));

        await racing.SetDemographicsAsync(new Demographics { PersonId = person.Id, BirthYear = 1990 });

        await using var context = temp.Store.CreateContext();
        var stored = Assert.Single(await context.Demographics.Where(d => d.PersonId == person.Id).ToListAsync());
        Assert.Equal(1990, stored.BirthYear);
    }

    [Fact]
    public async Task AddPlan_ConcurrentFirstExposure_KeepsOneExposure()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("racer");
        var experiment = await temp.Store.AddExperimentAsync(NewExperiment("slow-start"));
        var arm = new PlanArm(experiment.Id, "short");
        var racing = Racing<ExposureRecord>(temp.Store,
            () => temp.Store.LogExposureAsync(experiment.Id, person.Id, arm.Variant));

        var planId = await racing.AddPlanAsync(person.Id, Samples.Profile(), Samples.Plan(), null, arm: arm);

        await using var context = temp.Store.CreateContext();
        Assert.Equal(1, await context.Exposures.CountAsync(e => e.PersonId == person.Id));
        Assert.NotNull(await temp.Store.FindPlanAsync(person.Id, planId));
    }

    // On SQLite this write cannot race, because its transaction holds the write lock from before the lookup.
    [PostgresFact]
    public async Task AddAnalysisWithPlan_ConcurrentFirstExposurePostgres_KeepsOneExposure()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("racer");
        var experiment = await temp.Store.AddExperimentAsync(NewExperiment("slow-start"));
        var arm = new PlanArm(experiment.Id, "short");
        var racing = Racing<ExposureRecord>(temp.Store,
            () => temp.Store.LogExposureAsync(experiment.Id, person.Id, arm.Variant));

        var (analysisId, planId) = await racing.AddAnalysisWithPlanAsync(
            person.Id, Samples.Analysis(), Samples.PhotoBytes(1), Samples.Profile(), Samples.Plan(), arm: arm);

        await using var context = temp.Store.CreateContext();
        Assert.Equal(1, await context.Exposures.CountAsync(e => e.PersonId == person.Id));
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, analysisId));
        Assert.NotNull(await temp.Store.FindPlanAsync(person.Id, planId));
        Assert.Equal(1, await temp.Store.CountPhotosAsync(person.Id));
    }

    [Fact]
    public async Task AddExperiment_ConcurrentSameName_ThrowsConflict()
    {
        await using var temp = await TempStore.OpenAsync();
        var racing = Racing<ExperimentRecord>(temp.Store, () => temp.Store.AddExperimentAsync(NewExperiment("slow-start")));

        var error = await Assert.ThrowsAsync<ExperimentConflictException>(
            () => racing.AddExperimentAsync(NewExperiment("slow-start")));

        Assert.Contains("'slow-start' already exists", error.Message, StringComparison.Ordinal);
        Assert.Single(await temp.Store.ListExperimentsAsync());
    }

    private static async Task AssertOneExperienceAsync(SkinsightStore store)
    {
        var person = await store.GetOrCreatePersonAsync("racer");
        var racing = Racing<ProductExperienceRecord>(store,
            () => store.RecordExperienceAsync(person.Id, ProductKey, ExperienceKind.Reacted, "n1"));

        var recorded = await racing.RecordExperienceAsync(person.Id, ProductKey, ExperienceKind.Reacted, "n2");
        var entries = await store.ListExperiencesAsync(person.Id);

        Assert.Equal("n2", recorded.Note);
        var entry = Assert.Single(entries);
        Assert.Equal("n2", entry.Note);
        Assert.Equal(ExperienceKind.Reacted, entry.Kind);
    }

    /// <summary>
    /// Returns a second store on the same database whose first insert of a <typeparamref name="TEntity"/> loses the
    /// race to <paramref name="write"/>.
    /// </summary>
    private static SkinsightStore Racing<TEntity>(SkinsightStore store, Func<Task> write)
        where TEntity : class =>
        new(store.Spec, store.Keys, new WriteBeforeInsert<TEntity>(write));

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

    /// <summary>
    /// Runs <paramref name="write"/> once, just before the first save that inserts a <typeparamref name="TEntity"/>.
    /// The save has already looked the row up by then, so the write's row is the one it collides with.
    /// </summary>
    private sealed class WriteBeforeInsert<TEntity>(Func<Task> write) : SaveChangesInterceptor
        where TEntity : class
    {
        private int _ran;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            bool inserts = eventData.Context!.ChangeTracker.Entries<TEntity>().Any(e => e.State == EntityState.Added);
            if (inserts && Interlocked.Exchange(ref _ran, 1) == 0)
            {
                await write();
            }

            return result;
        }
    }
}
