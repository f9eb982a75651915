using Skinsight.Application.Catalog;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Data;

namespace Skinsight.Application.Tests;

public class FreeOfFilterTests
{
    [Theory]
    [InlineData("fragrance", "plain,alcohol")]
    [InlineData("drying alcohol", "plain,scented,oils")]
    // "essential oils" is also an alias of the fragrance allergen group, which has linalool.
    [InlineData("essential oils", "plain,alcohol")]
    [InlineData("parabens", "scented,oils,alcohol")]
    [InlineData("glycerin", "")]
    public async Task Search_FreeOfClass_LeavesOutMembers(string freeOf, string expectedIds)
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
        [
            With("plain", ["Water", "Glycerin", "Methylparaben"]),
            With("scented", ["Water", "Glycerin", "Parfum", "Linalool"]),
            With("oils", ["Water", "Glycerin", "Lavandula Angustifolia (Lavender) Oil"]),
            With("alcohol", ["Alcohol Denat.", "Glycerin"]),
        ]);
        var query = FreeOfFilter.Apply(new ProductQuery(Take: 50), [freeOf], IngredientKnowledge.LoadDefault());

        var page = await temp.Store.SearchProductsAsync(query);

        string[] expected = expectedIds.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Order(), page.Items.Select(p => p.SourceId).Order());
        Assert.Equal(expected.Length, page.Total);
    }

    [Fact]
    public async Task Search_PriceRange_KeepsOnlyPricesInside()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
            [Samples.Product("cheap", 5m), Samples.Product("middle", 20m), Samples.Product("dear", 90m)]);

        var page = await temp.Store.SearchProductsAsync(new ProductQuery(MaxPriceUsd: 50m) { MinPriceUsd = 10m });

        Assert.Equal(["middle"], page.Items.Select(p => p.SourceId));
    }

    [Fact]
    public async Task Search_IngredientTestWithPaging_CountsAllPassing()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
            [.. Enumerable.Range(1, 5).Select(i => With($"p{i}", ["Water"])), With("scented", ["Water", "Parfum"])]);
        var query = FreeOfFilter.Apply(new ProductQuery(Skip: 2, Take: 2), ["fragrance"], IngredientKnowledge.LoadDefault());

        var page = await temp.Store.SearchProductsAsync(query);

        Assert.Equal(5, page.Total);
        Assert.Equal(2, page.Items.Count);
    }

    private static Product With(string id, IReadOnlyList<string> ingredients) =>
        Samples.Product(id) with { IngredientsRaw = string.Join(", ", ingredients), Ingredients = ingredients };
}
