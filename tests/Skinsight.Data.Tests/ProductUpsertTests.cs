using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Catalog;

namespace Skinsight.Data.Tests;

public class ProductUpsertTests
{
    [Fact]
    public async Task UpsertProducts_EmptyStore_CountsAllImported()
    {
        await using var temp = await TempStore.OpenAsync();

        var counts = await temp.Store.UpsertProductsAsync([Samples.Product("a"), Samples.Product("b"), Samples.Product("c")]);

        Assert.Equal(new UpsertCounts(3, 0, 0), counts);
        Assert.Equal(3, await temp.Store.CountProductsAsync());
    }

    [Fact]
    public async Task UpsertProducts_SameProductsAgain_CountsAllUnchanged()
    {
        await using var temp = await TempStore.OpenAsync();
        Product[] batch = [Samples.Product("a"), Samples.Product("b")];
        await temp.Store.UpsertProductsAsync(batch);
        var before = await LoadUpdatedAtAsync(temp.Store);

        var counts = await temp.Store.UpsertProductsAsync(batch);

        Assert.Equal(new UpsertCounts(0, 0, 2), counts);
        Assert.Equal(before, await LoadUpdatedAtAsync(temp.Store));
    }

    [Fact]
    public async Task UpsertProducts_ChangedPrice_CountsUpdated()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 10m), Samples.Product("b", price: 20m)]);

        var counts = await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 12.5m), Samples.Product("b", price: 20m)]);

        Assert.Equal(new UpsertCounts(0, 1, 1), counts);
        Assert.Equal(2, await temp.Store.CountProductsAsync());
        var stored = await temp.Store.FindProductAsync("test-catalog", "a");
        Assert.Equal(12.5m, stored?.PriceUsd);
    }

    [Fact]
    public async Task UpsertProducts_ReorderedIngredients_CountsUpdated()
    {
        await using var temp = await TempStore.OpenAsync();
        var original = Samples.Product("a");
        await temp.Store.UpsertProductsAsync([original]);

        var counts = await temp.Store.UpsertProductsAsync([original with { Ingredients = ["glycerin", "aqua", "niacinamide"] }]);

        Assert.Equal(1, counts.Updated);
    }

    [Fact]
    public async Task UpsertProducts_OtherSource_ImportsNewProduct()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("a")]);

        var counts = await temp.Store.UpsertProductsAsync([Samples.Product("a") with { Source = "other-catalog" }]);

        Assert.Equal(new UpsertCounts(1, 0, 0), counts);
        Assert.Equal(2, await temp.Store.CountProductsAsync());
    }

    [Fact]
    public async Task UpsertProducts_RepeatedKeyInBatch_UpdatesFirst()
    {
        await using var temp = await TempStore.OpenAsync();

        var counts = await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 1m), Samples.Product("a", price: 2m)]);

        Assert.Equal(new UpsertCounts(1, 1, 0), counts);
        Assert.Equal(2m, (await temp.Store.FindProductAsync("test-catalog", "a"))?.PriceUsd);
    }

    [Fact]
    public async Task ImportSession_DisposedWithoutCommit_StoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("kept", price: 5m)]);

        await using (var session = await temp.Store.BeginProductImportAsync())
        {
            await session.UpsertAsync([Samples.Product("new-1"), Samples.Product("kept", price: 6m)]);
            await session.UpsertAsync([Samples.Product("new-2")]);
        }

        Assert.Equal(1, await temp.Store.CountProductsAsync());
        Assert.Equal(5m, (await temp.Store.FindProductAsync("test-catalog", "kept"))?.PriceUsd);
    }

    [Fact]
    public async Task ImportSession_BeforeCommit_HidesBatches()
    {
        await using var temp = await TempStore.OpenAsync();
        await using var session = await temp.Store.BeginProductImportAsync();
        await session.UpsertAsync([Samples.Product("a"), Samples.Product("b")]);

        int seenBefore = await temp.Store.CountProductsAsync();
        await session.CommitAsync();
        int seenAfter = await temp.Store.CountProductsAsync();

        Assert.Equal(0, seenBefore);
        Assert.Equal(2, seenAfter);
        Assert.Equal(new UpsertCounts(2, 0, 0), session.Counts);
    }

    [Fact]
    public async Task ImportSession_OpenDuringWrite_OtherWriterWaits()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await using var session = await temp.Store.BeginProductImportAsync();
        await session.UpsertAsync([Samples.Product("a")]);

        // Microsoft.Data.Sqlite runs "async" commands synchronously, so the waiting writer needs its own thread.
        var write = Task.Run(() => temp.Store.AddAnalysisAsync(person.Id, Samples.Analysis(), null));
        await Task.Delay(300);
        bool finishedWhileLocked = write.IsCompleted;
        await session.CommitAsync();
        var analysisId = await write;

        Assert.False(finishedWhileLocked);
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, analysisId));
        Assert.Equal(1, await temp.Store.CountProductsAsync());
    }

    [Fact]
    public async Task ImportSession_LockPastTimeout_ThrowsStoreException()
    {
        using var folder = new Skinsight.Testing.TempFolder();
        var store = await StoreFactory.OpenAsync(
            $"Data Source={folder.File("busy.db")};Default Timeout=1", new Encryption.KeyRingOptions(folder.File("keys")));
        var person = await store.GetOrCreateDefaultPersonAsync();
        await using var session = await store.BeginProductImportAsync();
        await session.UpsertAsync([Samples.Product("a")]);

        var analysisError = await Assert.ThrowsAsync<StoreException>(
            () => Task.Run(() => store.AddAnalysisAsync(person.Id, Samples.Analysis(), null)));
        var importError = await Assert.ThrowsAnyAsync<StoreException>(
            () => Task.Run(() => store.UpsertProductsAsync([Samples.Product("b")])));
        await session.CommitAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Contains("locked", analysisError.Message, StringComparison.Ordinal);
        Assert.Contains("locked", importError.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListAnalysesAsync(person.Id));
        Assert.Equal(1, await store.CountProductsAsync());
    }

    [Fact]
    public async Task ImportSession_UpsertAfterCommit_ThrowsInvalidOperation()
    {
        await using var temp = await TempStore.OpenAsync();
        await using var session = await temp.Store.BeginProductImportAsync();
        await session.CommitAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.UpsertAsync([Samples.Product("a")]));
    }

    [Fact]
    public async Task LoadProducts_Categories_ReturnsOnlyThoseCategories()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
        [
            Samples.Product("serum", category: ProductCategory.Serum),
            Samples.Product("cleanser", category: ProductCategory.Cleanser),
            Samples.Product("other", category: ProductCategory.Other),
        ]);

        var loaded = await temp.Store.LoadProductsAsync([ProductCategory.Serum, ProductCategory.Cleanser]);

        Assert.Equal(["cleanser", "serum"], loaded.Select(p => p.SourceId));
    }

    [Fact]
    public async Task LoadProducts_StoredProduct_RoundTripsEveryProperty()
    {
        await using var temp = await TempStore.OpenAsync();
        var product = Samples.Product("a", price: 19.99m);
        await temp.Store.UpsertProductsAsync([product]);

        var loaded = Assert.Single(await temp.Store.LoadProductsAsync());

        Assert.Equal(StoreJson.Serialize(product), StoreJson.Serialize(loaded));
        Assert.Equal(ProductMapping.ContentHash(product), ProductMapping.ContentHash(loaded));
    }

    [Fact]
    public async Task GetCatalogVersion_AfterUpserts_TracksContentChanges()
    {
        await using var temp = await TempStore.OpenAsync();
        var empty = await temp.Store.GetCatalogVersionAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 1m)]);
        var imported = await temp.Store.GetCatalogVersionAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 1m)]);
        var unchanged = await temp.Store.GetCatalogVersionAsync();
        await Task.Delay(5); // so that the update gets a later UpdatedAt than the import
        await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 2m)]);
        var updated = await temp.Store.GetCatalogVersionAsync();

        Assert.Equal(new CatalogVersion(0, null), empty);
        Assert.Equal(1, imported.ProductCount);
        Assert.Equal(imported, unchanged);
        Assert.NotEqual(imported, updated);
    }

    [Fact]
    public async Task UpsertProducts_PriceScaleOnly_CountsUnchanged()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 24m)]);

        var counts = await temp.Store.UpsertProductsAsync([Samples.Product("a", price: 24.00m)]);
        var loaded = await temp.Store.FindProductAsync("test-catalog", "a");

        Assert.Equal(1, counts.Unchanged);
        Assert.Equal("24", loaded?.PriceUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ProductMapping.ContentHash(Samples.Product("a", price: 24m)), ProductMapping.ContentHash(loaded!));
    }

    [Theory]
    [InlineData("24.0", "24")]
    [InlineData("19.990", "19.99")]
    [InlineData("0.00", "0")]
    [InlineData("1200", "1200")]
    public void Normalize_TrailingZeros_Removed(string input, string expected)
    {
        var value = decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture);

        var normalized = ProductMapping.Normalize(value);

        Assert.Equal(expected, normalized?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ContentHash_EqualProducts_AreEqual()
    {
        string first = ProductMapping.ContentHash(Samples.Product("a"));
        string second = ProductMapping.ContentHash(Samples.Product("a"));
        string other = ProductMapping.ContentHash(Samples.Product("a") with { Rating = 4.4 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(64, first.Length);
    }

    private static async Task<List<DateTime>> LoadUpdatedAtAsync(SkinsightStore store)
    {
        await using var context = store.CreateContext();
        return await context.Products.OrderBy(p => p.Id).Select(p => p.UpdatedAt).ToListAsync();
    }
}
