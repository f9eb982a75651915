namespace Skinsight.Ranking.Reviews;

/// <summary>AUC and NDCG as the ranker reports them, with weights so a bootstrap can resample clusters cheaply.</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Computes the area under the ROC curve: the chance that a random positive scores above a random negative, ties
    /// counting one half. Returns NaN when either class is empty.
    /// </summary>
    /// <param name="weights">Per-row weights (a bootstrap count), or null for all ones.</param>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> positives, IReadOnlyList<double>? weights = null)
    {
        int[] order = SortByScore(scores);
        return AucSorted(order, scores, positives, weights);
    }

    /// <summary>Row indexes in ascending score order, so repeated AUCs over new weights skip the sort.</summary>
    internal static int[] SortByScore(IReadOnlyList<double> scores)
    {
        int[] order = [.. Enumerable.Range(0, scores.Count)];
        Array.Sort(order, (a, b) => scores[a].CompareTo(scores[b]));
        return order;
    }

    internal static double AucSorted(
        int[] order, IReadOnlyList<double> scores, IReadOnlyList<bool> positives, IReadOnlyList<double>? weights)
    {
        double negativesBelow = 0;
        double totalPositive = 0;
        double pairs = 0;
        int i = 0;
        while (i < order.Length)
        {
            int end = i;
            while (end < order.Length && scores[order[end]] == scores[order[i]])
            {
                end++;
            }

            double tiedPositive = 0;
            double tiedNegative = 0;
            for (int k = i; k < end; k++)
            {
                double w = weights?[order[k]] ?? 1;
                if (positives[order[k]])
                {
                    tiedPositive += w;
                }
                else
                {
                    tiedNegative += w;
                }
            }

            pairs += tiedPositive * (negativesBelow + 0.5 * tiedNegative);
            negativesBelow += tiedNegative;
            totalPositive += tiedPositive;
            i = end;
        }

        return totalPositive == 0 || negativesBelow == 0 ? double.NaN : pairs / (totalPositive * negativesBelow);
    }

    /// <summary>
    /// Computes NDCG at <paramref name="k"/> of items ranked by descending score, with gain 2^relevance - 1 and
    /// discount log2(rank + 1). Ties in score keep the input order. Returns NaN when every gain is zero.
    /// </summary>
    public static double Ndcg(IReadOnlyList<double> scores, IReadOnlyList<double> relevance, int k)
    {
        int[] ranked = [.. Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i])];
        double dcg = Dcg(ranked.Select(i => relevance[i]), k);
        double ideal = Dcg(relevance.OrderDescending(), k);
        return ideal == 0 ? double.NaN : dcg / ideal;
    }

    /// <summary>
    /// Computes the expected NDCG at <paramref name="k"/> of a uniformly random order: every position has the mean
    /// gain on average, so the expectation is exact rather than sampled.
    /// </summary>
    public static double RandomNdcg(IReadOnlyList<double> relevance, int k)
    {
        double ideal = Dcg(relevance.OrderDescending(), k);
        if (ideal == 0)
        {
            return double.NaN;
        }

        double meanGain = relevance.Average(Gain);
        double discounts = Enumerable.Range(1, Math.Min(k, relevance.Count)).Sum(rank => 1 / Math.Log2(rank + 1));
        return meanGain * discounts / ideal;
    }

    private static double Gain(double relevance) => Math.Pow(2, relevance) - 1;

    private static double Dcg(IEnumerable<double> relevanceInRankOrder, int k) =>
        relevanceInRankOrder.Take(k).Select((rel, i) => Gain(rel) / Math.Log2(i + 2)).Sum();
}
