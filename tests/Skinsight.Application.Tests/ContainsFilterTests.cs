using Skinsight.Application.Catalog;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Data;

namespace Skinsight.Application.Tests;

public class ContainsFilterTests
{
    [Theory]
    [InlineData("retinoid", "retinol,retinal")]
    [InlineData("niacinamide", "niacin")]
    [InlineData("Niacinamide", "niacin")]
    [InlineData("parabens", "paraben")]
    [InlineData("ceramide", "niacin")]
    [InlineData("squalane", "")]
    public async Task Search_Contains_KeepsOnlyProductsWithIt(string contains, string expectedIds)
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
        [
            With("retinol", ["Water", "Glycerin", "Retinol"]),
            With("retinal", ["Water", "Retinal", "Tocopherol"]),
            With("niacin", ["Water", "Niacinamide", "Ceramide NP"]),
            With("paraben", ["Water", "Glycerin", "Methylparaben"]),
        ]);
        var query = ContainsFilter.Apply(new ProductQuery(Take: 50), [contains], IngredientKnowledge.LoadDefault());

        var page = await temp.Store.SearchProductsAsync(query);

        string[] expected = expectedIds.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Order(), page.Items.Select(p => p.SourceId).Order());
        Assert.Equal(expected.Length, page.Total);
    }

    [Fact]
    public async Task Search_ContainsAndFreeOf_AppliesBoth()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
        [
            With("plain", ["Water", "Niacinamide"]),
            With("scented", ["Water", "Niacinamide", "Parfum"]),
            With("other", ["Water", "Glycerin"]),
        ]);
        var knowledge = IngredientKnowledge.LoadDefault();
        ProductQuery query = ContainsFilter.Apply(new ProductQuery(Take: 50), ["niacinamide"], knowledge);
        query = FreeOfFilter.Apply(query, ["fragrance"], knowledge);

        var page = await temp.Store.SearchProductsAsync(query);

        Assert.Equal(["plain"], page.Items.Select(p => p.SourceId));
    }

    private static Product With(string id, IReadOnlyList<string> ingredients) =>
        Samples.Product(id) with { IngredientsRaw = string.Join(", ", ingredients), Ingredients = ingredients };
}
