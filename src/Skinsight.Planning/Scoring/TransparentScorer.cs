using System.Globalization;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Scoring;

/// <summary>
/// A hand-weighted score from catalog fields: mean rating, review count, concern match with
/// <see cref="Product.GoodFor"/>, an explicit skin-type match and price fit. The planner's fallback when the
/// review-trained model is missing.
/// </summary>
public sealed class TransparentScorer : IProductScorer
{
    public const string ScorerName = "transparent";

    // NOTE: the weights are a judgement call, not fitted to any outcome.
    private const double RatingWeight = 0.35;
    private const double ReviewWeight = 0.2;
    private const double ConcernWeight = 0.25;
    private const double SkinTypeWeight = 0.1;
    private const double PriceWeight = 0.1;

    /// <summary>Rating assumed for an unrated product: 3 of 5 stars.</summary>
    private const double UnratedStars = 3.0;

    /// <summary>Review count at which the review term saturates.</summary>
    private const double ReviewSaturation = 10_000;

    public string Name => ScorerName;

    public double Score(Product product, ScoringContext context)
    {
        Inputs x = Measure(product, context);
        return (RatingWeight * x.Stars / 5) + (ReviewWeight * x.Reviews) + (ConcernWeight * x.ConcernMatch)
            + (SkinTypeWeight * x.SkinTypeMatch) + (PriceWeight * x.PriceFit);
    }

    public RankingExplanation Explain(Product product, ScoringContext context, int candidates)
    {
        Inputs x = Measure(product, context);
        string skinType = SkinTypeName(context.Profile.SkinType);
        RankingFactor[] terms =
        [
            new("catalog_rating", x.Stars, RatingWeight * x.Stars / 5, $"catalog rating {Format(x.Stars)} of 5"),
            new("catalog_review_count", x.ReviewCount, ReviewWeight * x.Reviews, $"{x.ReviewCount} catalog reviews"),
            new("concern_match", x.ConcernMatch, ConcernWeight * x.ConcernMatch, "labelled good for the step's concerns"),
            new("skin_type_match", x.SkinTypeMatch, SkinTypeWeight * x.SkinTypeMatch, $"labelled for {skinType} skin"),
            new("price_fit", x.PriceFit, PriceWeight * x.PriceFit, "price within the step's share of the budget"),
        ];
        return new RankingExplanation(
            ScorerName,
            terms.Sum(t => t.Contribution),
            null,
            candidates,
            [.. terms.Where(t => t.Contribution != 0).OrderByDescending(t => t.Contribution)]);
    }

    private static Inputs Measure(Product product, ScoringContext context)
    {
        double stars = Math.Clamp(product.Rating ?? UnratedStars, 0, 5);
        int reviewCount = Math.Max(0, product.ReviewCount ?? 0);
        double reviews = Math.Min(1, Math.Log10(1 + reviewCount) / Math.Log10(1 + ReviewSaturation));

        double concernMatch = 0;
        if (context.StepConcerns.Count > 0)
        {
            int matched = context.StepConcerns.Count(c => product.GoodFor.Contains(c, StringComparer.OrdinalIgnoreCase));
            concernMatch = (double)matched / context.StepConcerns.Count;
        }

        string skinType = SkinTypeName(context.Profile.SkinType);
        double skinTypeMatch = product.SkinTypes.Contains(skinType, StringComparer.OrdinalIgnoreCase) ? 1 : 0;
        double priceFit = PriceFit(product.PriceUsd, context.PriceTargetUsd);
        return new Inputs(stars, reviewCount, reviews, concernMatch, skinTypeMatch, priceFit);
    }

    /// <summary>The score's inputs, each term before its weight.</summary>
    private readonly record struct Inputs(
        double Stars, int ReviewCount, double Reviews, double ConcernMatch, double SkinTypeMatch, double PriceFit);

    private static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string SkinTypeName(SkinType type) => type switch
    {
        SkinType.Dry => "dry",
        SkinType.Oily => "oily",
        SkinType.Combination => "combination",
        _ => "normal",
    };

    /// <summary>Returns 1 at or under the target price, target/price above it, and 0.5 when either is unknown.</summary>
    private static double PriceFit(decimal? price, decimal? target)
    {
        if (price is not decimal p || target is not decimal t || t <= 0)
        {
            return 0.5;
        }

        return p <= t ? 1 : (double)(t / p);
    }
}
