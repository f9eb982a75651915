using Skinsight.Core;
using Skinsight.Application.Plans;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Data;

namespace Skinsight.Application.Tests;

public class PlanServiceTests
{
    [Fact]
    public async Task BuildAsync_NoPhoto_StoresPlanWithoutAnalysis()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planner = new FakePlanner(Samples.Plan());
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        var result = await service.BuildAsync(person.Id, Samples.Profile());

        var stored = await temp.Store.FindPlanAsync(person.Id, result.PlanId);
        Assert.NotNull(stored);
        Assert.Null(stored.AnalysisId);
        Assert.Null(result.AnalysisId);
        Assert.Null(Assert.Single(planner.Calls).Analysis);
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task BuildAsync_MixedCatalog_PassesSkincareOnly()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await temp.Store.UpsertProductsAsync(
        [
            Samples.Product("cream", category: ProductCategory.Moisturiser),
            Samples.Product("lipstick", category: ProductCategory.Other),
            Samples.Product("spf", category: ProductCategory.Sunscreen),
        ]);
        var planner = new FakePlanner(Samples.Plan());
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        await service.BuildAsync(person.Id, Samples.Profile());

        Assert.Equal(["cream", "spf"], Assert.Single(planner.Calls).Products.Select(p => p.SourceId));
    }

    [Fact]
    public async Task BuildAsync_WithPhoto_StoresLinkedAnalysis()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planner = new FakePlanner(Samples.Plan());
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        var result = await service.BuildAsync(person.Id, Samples.Profile(), Samples.Jpeg);

        var stored = await temp.Store.FindPlanAsync(person.Id, result.PlanId);
        Assert.NotNull(result.AnalysisId);
        Assert.Equal(result.AnalysisId, stored?.AnalysisId);
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, result.AnalysisId.Value));
        Assert.Same(result.Analysis, Assert.Single(planner.Calls).Analysis);
    }

    [Fact]
    public async Task BuildAsync_StorePhotosOff_KeepsNoPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analyzer = new FakeAnalyzer(Samples.Analysis(accepted: true));
        var service = new PlanService(temp.Store, new FakePlanner(Samples.Plan()), analyzer, storePhotos: false);

        var result = await service.BuildAsync(person.Id, Samples.Profile(), Samples.Jpeg);

        Assert.NotNull(result.AnalysisId);
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, result.AnalysisId.Value));
        Assert.Null(await temp.Store.LoadPhotoAsync(person.Id, result.AnalysisId.Value));
    }

    [Fact]
    public async Task BuildAsync_RejectedPhoto_PassesRejectedAnalysis()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planner = new FakePlanner(Samples.Plan());
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: false)));

        var result = await service.BuildAsync(person.Id, Samples.Profile(), Samples.Jpeg);

        Assert.Equal(AnalysisMode.Rejected, Assert.Single(planner.Calls).Analysis?.Mode);
        Assert.Null(result.AnalysisId);
        Assert.Equal(AnalysisMode.Rejected, result.Analysis?.Mode);
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task BuildAsync_PlannerThrows_StoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planner = new FakePlanner(Samples.Plan()) { Failure = new ArgumentException("The profile has no skin type.") };
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        await Assert.ThrowsAsync<ArgumentException>(() => service.BuildAsync(person.Id, Samples.Profile(), Samples.Jpeg));

        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
        Assert.Empty(await temp.Store.ListPlansAsync(person.Id));
    }

    [Fact]
    public async Task BuildAsync_UndecodablePhoto_StoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planner = new FakePlanner(Samples.Plan());
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        await Assert.ThrowsAsync<UndecodablePhotoException>(
            () => service.BuildAsync(person.Id, Samples.Profile(), Samples.NotAPhoto));

        Assert.Empty(planner.Calls);
        Assert.Empty(await temp.Store.ListPlansAsync(person.Id));
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task BuildAsync_EmptyPhoto_ThrowsInvalidInput()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new PlanService(temp.Store, new FakePlanner(Samples.Plan()), new FakeAnalyzer(Samples.Analysis(accepted: true)));

        await Assert.ThrowsAsync<InvalidInputException>(
            () => service.BuildAsync(person.Id, Samples.Profile(), ReadOnlyMemory<byte>.Empty));

        Assert.Empty(await temp.Store.ListPlansAsync(person.Id));
    }

    [Fact]
    public async Task BuildAsync_UnknownPerson_ThrowsPersonNotFound()
    {
        await using var temp = await TempStore.OpenAsync();
        var planner = new FakePlanner(Samples.Plan());
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        await Assert.ThrowsAsync<PersonNotFoundException>(() => service.BuildAsync(Guid.NewGuid(), Samples.Profile()));

        Assert.Empty(planner.Calls);
    }

    [Fact]
    public async Task BuildAsync_UnchangedCatalog_ReusesProductList()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("a")]);
        var planner = new FakePlanner(Samples.Plan());
        var service = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        await service.BuildAsync(person.Id, Samples.Profile());
        await service.BuildAsync(person.Id, Samples.Profile());
        await temp.Store.UpsertProductsAsync([Samples.Product("b")]);
        await service.BuildAsync(person.Id, Samples.Profile());

        Assert.Same(planner.Calls[0].Products, planner.Calls[1].Products);
        Assert.NotSame(planner.Calls[1].Products, planner.Calls[2].Products);
        Assert.Equal(2, planner.Calls[2].Products.Count);
    }
}
