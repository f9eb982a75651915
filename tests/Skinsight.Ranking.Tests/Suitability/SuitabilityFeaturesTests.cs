using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Ranking.Suitability;

namespace Skinsight.Ranking.Tests.Suitability;

public class SuitabilityFeaturesTests
{
    private static readonly IngredientKnowledge s_knowledge = IngredientKnowledge.LoadDefault();

    [Fact]
    public void Extract_ThreeIngredients_WeightsByLabelPosition()
    {
        var features = new SuitabilityFeatures(["water", "glycerin", "niacinamide", "squalane"], [], s_knowledge);
        Product product = SyntheticCatalog.Product("a", ProductCategory.Serum, 20m, "Water", "Glycerin", "Niacinamide");

        float[] vector = features.Extract(product);

        Assert.Equal(1f, vector[0], 6);
        Assert.Equal(2f / 3f, vector[1], 6);
        Assert.Equal(1f / 3f, vector[2], 6);
        Assert.Equal(0f, vector[3]);
    }

    [Fact]
    public void Extract_RepeatedIngredient_KeepsFirstPosition()
    {
        var features = new SuitabilityFeatures(["water", "glycerin"], [], s_knowledge);
        Product kit = SyntheticCatalog.Product("kit", ProductCategory.Other, null, "Water", "Glycerin", "Water", "Glycerin");

        float[] vector = features.Extract(kit);

        Assert.Equal(1f, vector[0], 6);
        Assert.Equal(0.75f, vector[1], 6);
    }

    [Fact]
    public void Extract_NonIngredientSlots_FollowVocabulary()
    {
        var features = new SuitabilityFeatures(["water"], ["niacinamide", "salicylic-acid"], s_knowledge);
        Product product = SyntheticCatalog.Product("b", ProductCategory.Cleanser, 19m, "Water", "Salicylic Acid");
        int categories = Enum.GetValues<ProductCategory>().Length;

        float[] vector = features.Extract(product);

        Assert.Equal(1 + 2 + categories + 2, vector.Length);
        Assert.Equal(0f, vector[1]);
        Assert.Equal(1f, vector[2]);
        Assert.Equal(1f, vector[3 + (int)ProductCategory.Cleanser]);
        Assert.Equal(1f, vector.Skip(3).Take(categories).Sum());
        Assert.Equal(MathF.Log(20f), vector[3 + categories], 5);
        Assert.Equal(2f, vector[4 + categories]);
    }

    [Fact]
    public void Extract_MissingPrice_IsMinusOne()
    {
        var features = new SuitabilityFeatures([], [], s_knowledge);

        float[] vector = features.Extract(SyntheticCatalog.Product("c", ProductCategory.Mask, null, "Kaolin"));

        Assert.Equal(-1f, vector[^2]);
    }

    [Fact]
    public void Fit_MinProducts_DropsRareNames()
    {
        Product[] products =
        [
            SyntheticCatalog.Product("1", ProductCategory.Serum, 1m, "Water", "Glycerin", "Urea"),
            SyntheticCatalog.Product("2", ProductCategory.Serum, 1m, "Water", "Squalane"),
            SyntheticCatalog.Product("3", ProductCategory.Serum, 1m, " WATER ", "Glycerin", "Squalane"),
        ];

        var features = SuitabilityFeatures.Fit(products, maxVocabulary: 10, minProducts: 2, s_knowledge);

        Assert.Equal(["water", "glycerin", "squalane"], features.Vocabulary);
        Assert.Contains("niacinamide", features.ActiveIds);
    }

    [Fact]
    public void Fit_MaxVocabulary_KeepsMostFrequent()
    {
        Product[] products =
        [
            SyntheticCatalog.Product("1", ProductCategory.Serum, 1m, "Water", "Glycerin"),
            SyntheticCatalog.Product("2", ProductCategory.Serum, 1m, "Water"),
        ];

        var features = SuitabilityFeatures.Fit(products, maxVocabulary: 1, minProducts: 1, s_knowledge);

        Assert.Equal(["water"], features.Vocabulary);
    }

    [Fact]
    public void NameTokensOf_HyphenatedName_KeepsCompoundWords()
    {
        Product product = SyntheticCatalog.Product("Oil-Free Acne Gel 2% for SENSITIVE skin", ProductCategory.Serum, 10m);

        HashSet<string> tokens = SuitabilityFeatures.NameTokensOf(product);

        Assert.True(
            tokens.SetEquals(["oil-free", "acne", "gel", "for", "sensitive", "skin"]),
            string.Join(", ", tokens));
    }

    [Fact]
    public void Extract_NameTokenAndBrand_SetTheirSlots()
    {
        var features = new SuitabilityFeatures(["water"], [], ["oil-free", "gel"], ["ACME", "TEST"], s_knowledge);
        Product product = SyntheticCatalog.Product("Oil-Free Cream", ProductCategory.Moisturiser, 10m, "Water");

        float[] vector = features.Extract(product);

        Assert.Equal(1f, vector[1]);
        Assert.Equal(0f, vector[2]);
        Assert.Equal(0f, vector[3]);
        Assert.Equal(1f, vector[4]);
        Assert.Equal(1f, vector[5 + (int)ProductCategory.Moisturiser]);
    }

    [Fact]
    public void Fit_NameTokensAndBrands_KeepFrequentOnes()
    {
        Product[] products =
        [
            SyntheticCatalog.Product("Hydrating Gel", ProductCategory.Serum, 1m, "Water") with { Brand = "Acme" },
            SyntheticCatalog.Product("Hydrating Cream", ProductCategory.Serum, 1m, "Water") with { Brand = " ACME " },
            SyntheticCatalog.Product("Oil", ProductCategory.Oil, 1m, "Squalane") with { Brand = "Other" },
        ];

        var features = SuitabilityFeatures.Fit(
            products, maxVocabulary: 10, minProducts: 2, maxNameTokens: 10, minBrandProducts: 2, s_knowledge);

        Assert.Equal(["water"], features.Vocabulary);
        Assert.Equal(["hydrating"], features.NameTokens);
        Assert.Equal(["ACME"], features.Brands);
    }
}
