using System.Runtime.CompilerServices;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Ranking.Reviews;
using RankerFacts = Skinsight.Ranking.Reviews.ProductFacts;

namespace Skinsight.Planning.Scoring;

/// <summary>
/// Scores products with the review-trained dislike model: the score is one minus the probability that a reviewer
/// rates the product 3 stars or less. Scores are cached per product and skin type, because the model's inputs
/// depend on nothing else in the planner's input.
/// </summary>
public sealed class ReviewRankerScorer : IProductScorer
{
    public const string ScorerName = "review-ranker";

    /// <summary>Number of feature contributions each explanation carries.</summary>
    public const int ExplainedFeatures = 3;

    private static readonly int s_skinTypes = Enum.GetValues<SkinType>().Length;

    private readonly ReviewRankerModel _model;
    private readonly bool _usesProfile;
    private readonly ConditionalWeakTable<Product, double[]> _scores = [];

    /// <param name="usesProfile">Whether <paramref name="model"/> was loaded with its profile features.</param>
    public ReviewRankerScorer(ReviewRankerModel model, bool usesProfile)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _usesProfile = usesProfile;
    }

    public string Name => ScorerName;

    public double Score(Product product, ScoringContext context)
    {
        double[] scores = _scores.GetValue(product, _ => NewCache());
        int slot = _usesProfile ? (int)context.Profile.SkinType : 0;
        double score = Volatile.Read(ref scores[slot]);
        if (double.IsNaN(score))
        {
            // Two threads may both compute the same value; either write is correct.
            score = 1 - _model.ScoreDislike(ReviewerOf(context.Profile), RankerKey(product), FactsOf(product));
            Volatile.Write(ref scores[slot], score);
        }

        return score;
    }

    public RankingExplanation Explain(Product product, ScoringContext context, int candidates)
    {
        DislikeScore dislike = _model.Score(
            ReviewerOf(context.Profile), RankerKey(product), FactsOf(product), topContributions: ExplainedFeatures);
        RankingFactor[] factors =
        [
            .. dislike.TopContributions.Select(c => new RankingFactor(
                c.Feature, c.Value, -c.Contribution, RankerFeatureText.Describe(c.Feature, c.Value, -c.Contribution))),
        ];
        return new RankingExplanation(ScorerName, 1 - dislike.Probability, dislike.Probability, candidates, factors);
    }

    /// <summary>The key the model's review statistics use: Sephora's own product id for Sephora products.</summary>
    internal static string RankerKey(Product product) => product.SourceId;

    internal static RankerFacts FactsOf(Product product) => new(
        product.Category,
        product.PriceUsd is decimal price ? (double)price : null,
        product.Rating,
        product.ReviewCount,
        [.. product.Ingredients.Select(i => i.Trim().ToLowerInvariant())]);

    /// <summary>
    /// The person as a Sephora reviewer: the skin type in Sephora's words. Skinsight does not ask for the skin tone
    /// or keep reviews of its own, so tone and concerns stay empty.
    /// </summary>
    internal static ReviewerProfile ReviewerOf(SkinProfile profile) =>
        new(profile.SkinType.ToString().ToLowerInvariant(), "", []);

    private static double[] NewCache()
    {
        var cache = new double[s_skinTypes];
        Array.Fill(cache, double.NaN);
        return cache;
    }
}
