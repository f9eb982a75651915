using System.Diagnostics;
using Skinsight.Application.Catalog;
using Skinsight.Application.Plans;
using Skinsight.Data;
using Skinsight.Testing;
using Xunit.Abstractions;

namespace Skinsight.Application.Tests.RealData;

public class RealCatalogImportTests(ITestOutputHelper output)
{
    private const string SephoraProducts = "sephora-products-2023/product_info.csv";

    [SharedDataFact(SephoraProducts)]
    public async Task ImportAsync_SephoraTwice_ChangesNothing()
    {
        await using var temp = await TempStore.OpenAsync();

        await ImportTwiceAndCheckAsync(temp.Store);
    }

    [PostgresSharedDataFact(SephoraProducts)]
    public async Task ImportAsync_SephoraTwiceOnPostgres_ChangesNothing()
    {
        await using var temp = await TempPostgresStore.OpenAsync();

        await ImportTwiceAndCheckAsync(temp.Store);
    }

    [SharedDataFact(SephoraProducts)]
    public async Task LoadProducts_SephoraImport_RoundTrips()
    {
        await using var temp = await TempStore.OpenAsync();
        var source = new Sephora2023TestSource();
        string path = SharedData.PathOf(SephoraProducts);
        await new CatalogImportService(temp.Store, source).ImportAsync(path);

        var expected = source.Read(path, null, null)
            .Where(r => r.Product is not null)
            .ToDictionary(r => r.Product!.Key, r => ProductMapping.ContentHash(r.Product!));
        var loaded = await temp.Store.LoadProductsAsync();

        Assert.Equal(expected.Count, loaded.Count);
        Assert.All(loaded, p => Assert.Equal(expected[p.Key], ProductMapping.ContentHash(p)));
    }

    private async Task ImportTwiceAndCheckAsync(SkinsightStore store)
    {
        var service = new CatalogImportService(store, new Sephora2023TestSource());
        string path = SharedData.PathOf(SephoraProducts);

        var first = await service.ImportAsync(path);
        var second = await service.ImportAsync(path);
        var loadTime = Stopwatch.StartNew();
        var skincare = await store.LoadProductsAsync(PlanService.SkincareCategories);
        loadTime.Stop();

        output.WriteLine(
            $"{store.Spec.Provider} first: {first.RowsRead} rows, {first.Imported} new, {first.Skipped} skipped, {first.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine(
            $"{store.Spec.Provider} second: {second.Unchanged} unchanged, {second.Updated} updated, {second.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine($"{store.Spec.Provider} load {skincare.Count} skincare products: {loadTime.ElapsedMilliseconds} ms");
        Assert.True(first.Imported > 0, "The first import stored no product.");
        Assert.Equal(first.RowsRead, first.Imported + first.Skipped);
        Assert.Equal(0, second.Imported);
        Assert.Equal(0, second.Updated);
        Assert.Equal(first.Imported, second.Unchanged);
        Assert.Equal(first.Imported, await store.CountProductsAsync());
    }
}
