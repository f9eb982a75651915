using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Scoring;

/// <summary>
/// Scores the products that passed every safety rule for one step, higher being better. Scores are compared
/// only within one step, so any scale works.
/// </summary>
public interface IProductScorer
{
    /// <summary>Name written into <see cref="RankingExplanation.Scorer"/>.</summary>
    string Name { get; }

    double Score(Product product, ScoringContext context);

    /// <summary>Scores one product and lists the features that moved its score most, for the step's explanation.</summary>
    /// <param name="candidates">How many products were ranked for the step.</param>
    RankingExplanation Explain(Product product, ScoringContext context, int candidates);
}

/// <summary>What a scorer may consider besides the product.</summary>
/// <param name="StepConcerns">Concerns the step serves.</param>
/// <param name="PriceTargetUsd">The step's fair share of the budget, or null when there is no budget.</param>
public sealed record ScoringContext(SkinProfile Profile, string Step, IReadOnlyList<string> StepConcerns, decimal? PriceTargetUsd);
