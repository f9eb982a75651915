using Skinsight.Core.Catalog;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Scoring;

/// <summary>
/// Scores the products that passed every safety rule for one step, higher being better. Scores are compared
/// only within one step, so any scale works.
/// </summary>
public interface IProductScorer
{
    double Score(Product product, ScoringContext context);
}

/// <summary>What a scorer may consider besides the product.</summary>
/// <param name="StepConcerns">Concerns the step serves.</param>
/// <param name="PriceTargetUsd">The step's fair share of the budget, or null when there is no budget.</param>
public sealed record ScoringContext(SkinProfile Profile, string Step, IReadOnlyList<string> StepConcerns, decimal? PriceTargetUsd);
