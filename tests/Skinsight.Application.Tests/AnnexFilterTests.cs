using Skinsight.Application.Catalog;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core;
using Skinsight.Core.Catalog;
using Skinsight.Data;
using Skinsight.Testing;

namespace Skinsight.Application.Tests;

public class AnnexFilterTests
{
    [Theory]
    [InlineData(true, false, "plain,allergen,petrolatum")]
    [InlineData(false, true, "plain,banned,petrolatum")]
    [InlineData(true, true, "plain,petrolatum")]
    [InlineData(false, false, "plain,banned,allergen,petrolatum")]
    public async Task Search_AnnexFlags_LeaveOutMatchingProducts(bool prohibited, bool allergens, string expectedIds)
    {
        using var folder = new TempFolder();
        CosingAnnexes annexes = CosingAnnexes.LoadFolder(AnnexFiles.Write(folder.Path));
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
        [
            With("plain", ["Water", "Glycerin"]),
            With("banned", ["Water", "Hydroquinone"]),
            With("allergen", ["Water", AnnexFiles.AnnexOnlyAllergen]),
            With("petrolatum", ["Petrolatum", "Glycerin"]),
        ]);
        var query = AnnexFilter.Apply(new ProductQuery(Take: 50), prohibited, allergens, annexes);

        var page = await temp.Store.SearchProductsAsync(query);

        Assert.Equal(expectedIds.Split(',').Order(), page.Items.Select(p => p.SourceId).Order());
    }

    [Fact]
    public void Apply_NoAnnexData_ThrowsServiceUnavailableNamingFolder()
    {
        var ex = Assert.Throws<AnnexDataMissingException>(() =>
            AnnexFilter.Apply(new ProductQuery(), excludeProhibited: true, excludeFragranceAllergens: false, annexes: null));

        Assert.Equal(503, ex.StatusCode);
        Assert.Contains("eu-cosing-annexes", ex.Message);
        Assert.Contains("SKINSIGHT_DATA", ex.Message);
    }

    [Fact]
    public void Apply_NoFlags_ReturnsSameQuery()
    {
        var query = new ProductQuery(Text: "cream");

        Assert.Same(query, AnnexFilter.Apply(query, excludeProhibited: false, excludeFragranceAllergens: false, annexes: null));
    }

    [Fact]
    public async Task Search_AnnexAndFreeOf_BothApply()
    {
        using var folder = new TempFolder();
        CosingAnnexes annexes = CosingAnnexes.LoadFolder(AnnexFiles.Write(folder.Path));
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.UpsertProductsAsync(
        [
            With("plain", ["Water", "Glycerin"]),
            With("banned", ["Water", "Hydroquinone"]),
            With("drying", ["Alcohol Denat.", "Glycerin"]),
        ]);
        var query = FreeOfFilter.Apply(new ProductQuery(Take: 50), ["drying alcohol"], IngredientKnowledge.LoadDefault());
        query = AnnexFilter.Apply(query, excludeProhibited: true, excludeFragranceAllergens: false, annexes);

        var page = await temp.Store.SearchProductsAsync(query);

        Assert.Equal(["plain"], page.Items.Select(p => p.SourceId));
    }

    private static Product With(string id, IReadOnlyList<string> ingredients) =>
        Samples.Product(id) with { IngredientsRaw = string.Join(", ", ingredients), Ingredients = ingredients };
}
