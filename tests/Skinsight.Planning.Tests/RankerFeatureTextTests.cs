using Skinsight.Planning.Scoring;

namespace Skinsight.Planning.Tests;

public class RankerFeatureTextTests
{
    [Theory]
    [InlineData("product_reviews", 1, "1 review of this product in the training reviews")]
    [InlineData("product_reviews", 230, "230 reviews of this product in the training reviews")]
    [InlineData("product_reviews", 0, "0 reviews of this product in the training reviews")]
    [InlineData("skin_type_product_reviews", 1, "1 review by people of your skin type")]
    [InlineData("author_prior_reviews", 1, "1 earlier review of yours")]
    [InlineData("author_prior_reviews", 3, "3 earlier reviews of yours")]
    public void Describe_ReviewCount_SingularOnlyForOne(string feature, double value, string expected)
    {
        string text = RankerFeatureText.Describe(feature, value, contribution: 0.1);

        Assert.Equal($"{expected} (ranks it higher than the average product)", text);
    }

    [Fact]
    public void Describe_OneCatalogReview_Singular()
    {
        string text = RankerFeatureText.Describe("catalog_review_count_log", Math.Log(2), contribution: -0.1);

        Assert.Equal("about 1 catalog review (ranks it lower than the average product)", text);
    }
}
