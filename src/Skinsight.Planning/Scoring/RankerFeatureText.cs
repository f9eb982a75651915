using System.Globalization;

namespace Skinsight.Planning.Scoring;

/// <summary>Turns the review-trained model's feature names and values into plain sentences.</summary>
internal static class RankerFeatureText
{
    /// <param name="contribution">Effect on the product's ranking against the model's average product; positive raises it.</param>
    /// <remarks>
    /// The text reads "ranks it higher" rather than "raises its score". The plan also shows the chance of a low rating,
    /// and a raised score next to that chance was misread as a raised chance.
    /// </remarks>
    public static string Describe(string feature, double value, double contribution)
    {
        string effect = contribution >= 0
            ? "ranks it higher than the average product"
            : "ranks it lower than the average product";
        return $"{Fact(feature, value)} ({effect})";
    }

    private static string Fact(string feature, double value)
    {
        if (double.IsNaN(value))
        {
            return $"no data for {feature.Replace('_', ' ')}";
        }

        int split = feature.IndexOf('=', StringComparison.Ordinal);
        if (split > 0)
        {
            string name = feature[..split];
            string item = feature[(split + 1)..];
            bool present = value >= 0.5;
            return name switch
            {
                "active" or "ingredient" => present ? $"contains {item}" : $"does not contain {item}",
                "category" => present ? $"is in the {item} category" : $"is not in the {item} category",
                "skin_type" => present ? $"your skin type is {item}" : $"your skin type is not {item}",
                "skin_tone" => present ? $"your skin tone is {item}" : $"your skin tone is not {item}",
                "concern" => present ? $"you have {item}" : $"you do not have {item}",
                _ => $"{feature} = {Number(value)}",
            };
        }

        return feature switch
        {
            "product_reviews" => $"{Count(value, "review")} of this product in the training reviews",
            "product_mean_rating" => $"reviewers rated it {Number(value)} of 5 on average",
            "product_dislike_rate" => $"{Percent(value)} of reviewers rated it 3 stars or less",
            "in_catalog" => value >= 0.5 ? "the product's catalog facts are known" : "the product has no catalog facts",
            "catalog_rating" => $"catalog rating {Number(value)} of 5",
            "catalog_review_count_log" => $"about {Count(Math.Exp(value) - 1, "catalog review")}",
            "price_usd" => $"price ${Number(value)}",
            "skin_type_product_reviews" => $"{Count(value, "review")} by people of your skin type",
            "skin_type_product_mean_rating" => $"people of your skin type rated it {Number(value)} of 5 on average",
            "author_prior_reviews" => $"{Count(value, "earlier review")} of yours",
            "author_mean_rating" => $"your earlier reviews average {Number(value)} of 5",
            "author_dislike_rate" => $"you rated {Percent(value)} of products 3 stars or less",
            _ => $"{feature.Replace('_', ' ')} = {Number(value)}",
        };
    }

    private static string Number(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-6
            ? Math.Round(value).ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("0.0", CultureInfo.InvariantCulture);

    // "1 review", "0 reviews", "2.5 reviews": only exactly one takes the singular.
    private static string Count(double value, string noun) =>
        $"{Number(value)} {noun}{(Number(value) == "1" ? "" : "s")}";

    private static string Percent(double value) => value.ToString("0%", CultureInfo.InvariantCulture);
}
