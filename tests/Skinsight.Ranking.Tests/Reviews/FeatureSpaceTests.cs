using Skinsight.Ranking.Reviews;

namespace Skinsight.Ranking.Tests.Reviews;

public class FeatureSpaceTests
{
    private static readonly ReviewerProfile s_dry = new("dry", "fair", []);
    private static readonly ReviewerProfile s_oily = new("oily", "light", []);

    // Global mean of these five ratings: (5 + 1 + 4 + 4 + 2) / 5 = 3.2.
    private static readonly Review[] s_reviews =
    [
        new("ann", "P1", 5, s_dry),
        new("ann", "P2", 1, s_dry),
        new("bob", "P1", 4, s_oily),
        new("bob", "P2", 4, s_oily),
        new("cat", "P2", 2, s_dry),
    ];

    [Fact]
    public void Build_TrainingRow_LeavesOwnRatingOut()
    {
        var stats = ReviewStatistics.Fit(s_reviews);
        var space = FeatureSpace.Fit(s_reviews, new Dictionary<string, ProductFacts>());
        IReadOnlyList<string> names = space.Names(personal: true);

        float[] v = space.Build(s_reviews[1], null, stats, inTraining: true, personal: true);

        // Ann's other review is a 5: (5 + 5 * 3.2) / (1 + 5) = 3.5.
        Assert.Equal(1, v[Index(names, "author_prior_reviews")]);
        Assert.Equal(3.5, v[Index(names, "author_mean_rating")], 5);

        // P2's other ratings are 4 and 2: (6 + 16) / 7.
        Assert.Equal(2, v[Index(names, "product_reviews")]);
        Assert.Equal(22.0 / 7.0, v[Index(names, "product_mean_rating")], 5);

        // Dry reviewers of P2 besides this row: cat's 2, so (2 + 16) / 6 = 3.
        Assert.Equal(1, v[Index(names, "skin_type_product_reviews")]);
        Assert.Equal(3.0, v[Index(names, "skin_type_product_mean_rating")], 5);
    }

    [Fact]
    public void Build_FlippedOwnRating_KeepsCounts()
    {
        Review[] flipped = [.. s_reviews];
        flipped[1] = s_reviews[1] with { Rating = 5 };
        var space = FeatureSpace.Fit(s_reviews, new Dictionary<string, ProductFacts>());
        IReadOnlyList<string> names = space.Names(personal: true);

        float[] low = space.Build(s_reviews[1], null, ReviewStatistics.Fit(s_reviews), true, true);
        float[] high = space.Build(flipped[1], null, ReviewStatistics.Fit(flipped), true, true);

        Assert.Equal(low[Index(names, "author_prior_reviews")], high[Index(names, "author_prior_reviews")]);
        Assert.Equal(low[Index(names, "product_reviews")], high[Index(names, "product_reviews")]);
    }

    [Fact]
    public void Build_UnseenAuthor_HasNoHistory()
    {
        var stats = ReviewStatistics.Fit(s_reviews);
        var space = FeatureSpace.Fit(s_reviews, new Dictionary<string, ProductFacts>());
        IReadOnlyList<string> names = space.Names(personal: true);

        float[] v = space.Build(new Review("dan", "P1", 3, s_dry), null, stats, inTraining: false, personal: true);

        Assert.Equal(0, v[Index(names, "author_prior_reviews")]);
        Assert.True(float.IsNaN(v[Index(names, "author_mean_rating")]));
        Assert.Equal(2, v[Index(names, "product_reviews")]);
        Assert.Equal(0, v[Index(names, "in_catalog")]);
    }

    [Fact]
    public void Build_WithoutPersonal_OmitsProfileAndHistory()
    {
        var space = FeatureSpace.Fit(s_reviews, new Dictionary<string, ProductFacts>());

        IReadOnlyList<string> names = space.Names(personal: false);
        float[] v = space.Build(s_reviews[0], null, ReviewStatistics.Fit(s_reviews), true, personal: false);

        Assert.Equal(names.Count, v.Length);
        Assert.DoesNotContain(names, n => n.StartsWith("skin_type", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("author_", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_CatalogProduct_MarksActivesAndIngredients()
    {
        var catalog = new Dictionary<string, ProductFacts>
        {
            ["P1"] = new(Core.Catalog.ProductCategory.Serum, 30, 4.2, 120, ["aqua", "niacinamide", "glycerin"]),
        };
        var space = FeatureSpace.Fit(s_reviews, catalog);
        IReadOnlyList<string> names = space.Names(personal: false);

        float[] v = space.Build(s_reviews[0], catalog["P1"], ReviewStatistics.Fit(s_reviews), true, personal: false);

        Assert.Equal(1, v[Index(names, "in_catalog")]);
        Assert.Equal(30, v[Index(names, "price_usd")]);
        Assert.Equal(1, v[Index(names, "category=Serum")]);
        Assert.Equal(1, v[Index(names, "ingredient=niacinamide")]);
        Assert.Equal(1, v[Index(names, "active=niacinamide")]);
    }

    private static int Index(IReadOnlyList<string> names, string name)
    {
        int index = names.ToList().IndexOf(name);
        Assert.True(index >= 0, $"Feature {name} is missing.");
        return index;
    }
}
