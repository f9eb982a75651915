using Skinsight.Ranking.Reviews;
using Skinsight.Tracking;
using Skinsight.Tracking.Experiments;

namespace Skinsight.Application.Tracking;

/// <summary>
/// How the star ratings of reviewers with one concern differ between products that contain an active and
/// products that do not.
/// </summary>
/// <param name="Concern">The reviewers' concern, or <c>all</c> for every reviewer.</param>
/// <param name="Comparison">Welch's test of mean stars (with the active minus without) and Cohen's d.</param>
public sealed record ReviewEfficacyRow(string Active, string Concern, ExperimentComparison Comparison);

/// <summary>The ingredient efficacy analysis on review data, with the counts behind it.</summary>
/// <param name="Reviews">Reviews read from the folder.</param>
/// <param name="ReviewsWithIngredients">Reviews of products whose ingredient list the catalog has.</param>
/// <param name="Products">Products with an ingredient list that were reviewed.</param>
public sealed record ReviewEfficacyReport(int Reviews, int ReviewsWithIngredients, int Products, IReadOnlyList<ReviewEfficacyRow> Rows);

/// <summary>
/// Runs the ingredient efficacy comparison on Olive Young reviews: reviewer concerns, product ingredients and
/// star ratings.
/// </summary>
/// <remarks>
/// A cross-sectional comparison of ratings, not of skin measured over time: it shows which actives go with
/// higher ratings from people with a concern, not that the active improved the concern. One reviewer may rate
/// several products, and those ratings are treated as independent, so intervals are somewhat too narrow.
/// </remarks>
public static class ReviewEfficacy
{
    /// <summary>Fewest reviews each arm needs before a row is reported.</summary>
    public const int DefaultMinReviews = 30;

    /// <summary>
    /// Actives looked for, by English name, with the Korean label name that marks them. A product contains the
    /// active when one of its ingredient names contains that text, so derivatives such as
    /// 3-O-에틸아스코빅애씨드 (ethyl ascorbic acid) count as vitamin C.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Actives { get; } = new Dictionary<string, string>
    {
        ["niacinamide"] = "나이아신아마이드",
        ["retinol"] = "레티놀",
        ["vitamin-c"] = "아스코빅애씨드",
        ["salicylic-acid"] = "살리실릭애씨드",
        ["adenosine"] = "아데노신",
        ["panthenol"] = "판테놀",
        ["ceramide"] = "세라마이드",
        ["hyaluronate"] = "하이알루로",
        ["centella"] = "병풀",
        ["madecassoside"] = "마데카소사이드",
        ["arbutin"] = "알부틴",
        ["tranexamic-acid"] = "트라넥사믹애씨드",
        ["peptide"] = "펩타이드",
    };

    /// <summary>Reads the review folder and the ingredient catalog and compares ratings per active and concern.</summary>
    /// <param name="reviewFolder">Folder with the Olive Young review CSV files.</param>
    /// <param name="ingredientCatalog">CSV with <c>product_id</c> and <c>ingredients</c>, such as table3_essence_ingredients.csv.</param>
    /// <exception cref="Skinsight.Ranking.Reviews.RankerDataException">A file is missing or has other columns.</exception>
    public static ReviewEfficacyReport Analyze(string reviewFolder, string ingredientCatalog, int minReviews = DefaultMinReviews)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minReviews, 2);
        var (layout, reviews) = ReviewReader.ReadFolder(reviewFolder);
        if (layout != ReviewLayout.OliveYoung)
        {
            throw new TrackingException($"The folder {reviewFolder} contains Sephora reviews; pass the Olive Young review folder.");
        }

        var facts = ProductFactsReader.Read(ingredientCatalog, layout);
        var known = reviews.Where(r => facts.ContainsKey(r.ProductKey)).ToList();
        var rows = new List<ReviewEfficacyRow>();
        var concerns = known.SelectMany(r => r.Profile.Concerns).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var (active, label) in Actives)
        {
            var hasActive = facts
                .Where(f => f.Value.Ingredients.Any(i => i.Contains(label, StringComparison.Ordinal)))
                .Select(f => f.Key)
                .ToHashSet(StringComparer.Ordinal);
            AddRow(rows, active, "all", known, hasActive, minReviews);
            foreach (var concern in concerns)
            {
                AddRow(rows, active, concern, known.Where(r => r.Profile.Concerns.Contains(concern)).ToList(), hasActive, minReviews);
            }
        }

        return new ReviewEfficacyReport(reviews.Count, known.Count, known.Select(r => r.ProductKey).Distinct().Count(), rows);
    }

    private static void AddRow(
        List<ReviewEfficacyRow> rows, string active, string concern, List<Review> reviews, HashSet<string> hasActive, int minReviews)
    {
        var with = reviews.Where(r => hasActive.Contains(r.ProductKey)).Select(r => (double)r.Rating).ToList();
        var without = reviews.Where(r => !hasActive.Contains(r.ProductKey)).Select(r => (double)r.Rating).ToList();
        if (with.Count < minReviews || without.Count < minReviews)
        {
            return;
        }

        try
        {
            rows.Add(new ReviewEfficacyRow(active, concern, ExperimentStatistics.Compare(without, with)));
        }
        catch (TrackingException)
        {
            // Both arms rated every product 5 stars, so there is no spread to test; the row is left out.
        }
    }
}
