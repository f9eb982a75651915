using Microsoft.EntityFrameworkCore;

namespace Skinsight.Data.Tests;

public class PostgresStoreTests
{
    [PostgresFact]
    public async Task Open_NewDatabase_AppliesEveryMigration()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await using var context = temp.Store.CreateContext();

        var applied = await context.Database.GetAppliedMigrationsAsync();

        Assert.Equal(StoreProvider.Postgres, temp.Store.Spec.Provider);
        Assert.IsType<PostgresSkinsightContext>(context);
        Assert.Equal(context.Database.GetMigrations(), applied);
    }

    [PostgresFact]
    public async Task UpsertProducts_ImportUpdateAndRepeat_CountsEachKind()
    {
        await using var temp = await TempPostgresStore.OpenAsync();

        var first = await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 1m), Samples.Product("b")]);
        var second = await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 2m), Samples.Product("b")]);
        var third = await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 2m), Samples.Product("b")]);
        var loaded = await temp.Store.FindProductAsync("test-catalog", "b");

        Assert.Equal(new UpsertCounts(2, 0, 0), first);
        Assert.Equal(new UpsertCounts(0, 1, 1), second);
        Assert.Equal(new UpsertCounts(0, 0, 2), third);
        Assert.NotNull(loaded);
        Assert.Equal(StoreJson.Serialize(Samples.Product("b")), StoreJson.Serialize(loaded));
    }

    [PostgresFact]
    public async Task ImportSession_DisposedWithoutCommit_StoresNothing()
    {
        await using var temp = await TempPostgresStore.OpenAsync();

        await using (var session = await temp.Store.BeginProductImportAsync())
        {
            await session.UpsertAsync([Samples.Product("a")]);
        }

        Assert.Equal(0, await temp.Store.CountProductsAsync());
    }

    [PostgresFact]
    public async Task PersonalRecords_TwoPeople_StayApart()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        var (aliceAnalysis, alicePlan) = await temp.Store.AddAnalysisWithPlanAsync(
            alice.Id, Samples.Analysis(), Samples.PhotoBytes(1), Samples.Profile(), Samples.Plan());

        Assert.Null(await temp.Store.FindAnalysisAsync(bob.Id, aliceAnalysis));
        Assert.Null(await temp.Store.FindPlanAsync(bob.Id, alicePlan));
        Assert.Null(await temp.Store.LoadPhotoAsync(bob.Id, aliceAnalysis));
        Assert.Empty(await temp.Store.ListAnalysesAsync(bob.Id));
        Assert.Equal(Samples.PhotoBytes(1), await temp.Store.LoadPhotoAsync(alice.Id, aliceAnalysis));
        await Assert.ThrowsAsync<AnalysisNotFoundException>(
            () => temp.Store.AddPlanAsync(bob.Id, Samples.Profile(), Samples.Plan(), aliceAnalysis));
    }

    [PostgresFact]
    public async Task DeletePerson_WithRecords_LeavesNoRows()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        await temp.Store.AddAnalysisWithPlanAsync(
            alice.Id, Samples.Analysis(), Samples.PhotoBytes(1), Samples.Profile(), Samples.Plan());

        await temp.Store.DeletePersonAsync(alice.Id);

        await using var context = temp.Store.CreateContext();
        Assert.Equal(0, await context.Analyses.CountAsync());
        Assert.Equal(0, await context.Photos.CountAsync());
        Assert.Equal(0, await context.Plans.CountAsync());
        Assert.Equal(0, await context.People.CountAsync());
    }

    [PostgresFact]
    public async Task AddCheckIn_Postgres_RoundTripsAndErases()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var planId = await temp.Store.AddPlanAsync(alice.Id, Samples.Profile(), Samples.Plan(), null);

        await temp.Store.AddCheckInAsync(alice.Id, CheckInStoreTests.NewCheckIn(planId), Samples.Analysis(), null);
        var history = await temp.Store.LoadCheckInHistoryAsync(alice.Id);

        Assert.Single(history.CheckIns);
        Assert.Equal(2, history.Values.Count);
        Assert.Equal(0.5, Assert.Single(history.Steps).Used);

        await temp.Store.DeletePersonAsync(alice.Id);
        await using var context = temp.Store.CreateContext();
        Assert.Equal(0, await context.CheckIns.CountAsync());
        Assert.Equal(0, await context.CheckInValues.CountAsync());
        Assert.Equal(0, await context.CheckInSteps.CountAsync());
    }
}
