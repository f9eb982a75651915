using Skinsight.Core.Catalog;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Scoring;

/// <summary>
/// A hand-weighted score from catalog fields: mean rating, review count, concern match with
/// <see cref="Product.GoodFor"/>, an explicit skin-type match and price fit.
/// </summary>
public sealed class TransparentScorer : IProductScorer
{
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

    public double Score(Product product, ScoringContext context)
    {
        double rating = Math.Clamp(product.Rating ?? UnratedStars, 0, 5) / 5;
        double reviews = Math.Min(1, Math.Log10(1 + Math.Max(0, product.ReviewCount ?? 0)) / Math.Log10(1 + ReviewSaturation));

        double concernMatch = 0;
        if (context.StepConcerns.Count > 0)
        {
            int matched = context.StepConcerns.Count(c => product.GoodFor.Contains(c, StringComparer.OrdinalIgnoreCase));
            concernMatch = (double)matched / context.StepConcerns.Count;
        }

        string skinType = SkinTypeName(context.Profile.SkinType);
        double skinTypeMatch = product.SkinTypes.Contains(skinType, StringComparer.OrdinalIgnoreCase) ? 1 : 0;

        return (RatingWeight * rating) + (ReviewWeight * reviews) + (ConcernWeight * concernMatch)
            + (SkinTypeWeight * skinTypeMatch) + (PriceWeight * PriceFit(product.PriceUsd, context.PriceTargetUsd));
    }

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
