namespace Skinsight.Core.Plans;

/// <summary>Why a step holds its product: the rules that shaped the choice and how the candidates were ranked.</summary>
/// <param name="Rules">Ids of the rules that fired for this step, e.g. <c>allergen</c> or <c>history-owned-reused</c>.</param>
/// <param name="Ranking">How the chosen product was ranked, or null when the step names ingredients only.</param>
public sealed record StepExplanation(IReadOnlyList<string> Rules, RankingExplanation? Ranking);

/// <summary>The ranking of the chosen product among the products that passed every rule.</summary>
/// <param name="Scorer"><c>review-ranker</c> for the review-trained model, or <c>transparent</c> for the hand-weighted fallback.</param>
/// <param name="Score">The scorer's score, higher being better; comparable only within one step.</param>
/// <param name="DislikeProbability">
/// The review-trained model's probability that a reviewer rates the product 3 stars or less, or null for the fallback.
/// </param>
/// <param name="Candidates">How many products passed the rules and were ranked for the step.</param>
/// <param name="Factors">The features that moved the score most, largest first.</param>
public sealed record RankingExplanation(
    string Scorer, double Score, double? DislikeProbability, int Candidates, IReadOnlyList<RankingFactor> Factors);

/// <summary>One feature's share of a product's score.</summary>
/// <param name="Feature">The scorer's feature name, e.g. <c>product_mean_rating</c>.</param>
/// <param name="Value">The feature's value for this product; NaN when the data has none.</param>
/// <param name="Contribution">
/// Signed effect on the score: positive counts in the product's favour. For the review-trained model this is the
/// negated change in the log-odds of a dislike.
/// </param>
/// <param name="Text">The same in plain language.</param>
public sealed record RankingFactor(string Feature, double Value, double Contribution, string Text);
