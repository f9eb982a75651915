using Microsoft.ML;

namespace Skinsight.Ranking.Reviews;

/// <summary>AUC and NDCG@10 of one scorer, each with a bootstrap 95% interval.</summary>
/// <param name="Auc">How well the scorer ranks ratings of 3 or less above higher ratings, per review.</param>
/// <param name="Ndcg10">Mean NDCG@10 over profile groups of the products each group reviewed, ranked against the group's mean rating.</param>
/// <param name="RandomNdcg10">Expected NDCG@10 of a random order over the same groups.</param>
public sealed record RankingScores(MetricInterval Auc, MetricInterval Ndcg10, MetricInterval RandomNdcg10);

/// <summary>The two baselines fitted on the same training reviews as the model.</summary>
/// <param name="ProductMean">Scores every product by its smoothed mean training rating, the same for everyone.</param>
/// <param name="NoProfile">The same LightGBM model trained without profile and history features.</param>
public sealed record RankerBaselines(RankingScores ProductMean, RankingScores NoProfile);

/// <summary>The evaluation of a saved ranker on review files it was not trained on.</summary>
/// <param name="N">Reviews scored.</param>
/// <param name="AuthorsSeenInTraining">Evaluation authors who also have training reviews, the only ones with history features.</param>
/// <param name="Groups">Profile groups with at least two reviewed products, the units of NDCG.</param>
/// <param name="AucGainOverProductMean">Model AUC minus product-mean AUC, bootstrapped over the same author draws.</param>
public sealed record RankerReport(
    string Layout,
    int N,
    int Authors,
    int AuthorsSeenInTraining,
    int Groups,
    double DislikeRate,
    MetricInterval Auc,
    MetricInterval Ndcg10,
    MetricInterval RandomNdcg10,
    RankerBaselines Baselines,
    MetricInterval AucGainOverProductMean,
    MetricInterval AucGainOverNoProfile,
    int Resamples,
    string ModelPath);

/// <summary>Scores a saved ranker on other review files of the layout it was trained on.</summary>
public static class ReviewRankerEvaluator
{
    /// <summary>Cut-off of the NDCG the report gives.</summary>
    public const int NdcgDepth = 10;

    /// <summary>Evaluates <paramref name="modelPath"/> on every review file in <paramref name="dataDir"/>.</summary>
    /// <exception cref="RankerDataException">The model, reviews or catalog cannot be read, or the layouts differ.</exception>
    public static RankerReport Evaluate(string dataDir, string catalogPath, string modelPath) =>
        Evaluate(dataDir, catalogPath, modelPath, Bootstrap.DefaultResamples, bootstrapSeed: 20230321);

    /// <inheritdoc cref="Evaluate(string, string, string)"/>
    public static RankerReport Evaluate(string dataDir, string catalogPath, string modelPath, int resamples, int bootstrapSeed)
    {
        var ml = new MLContext(bootstrapSeed);
        RankerModelFile file = RankerModelFile.Load(ml, modelPath);
        (ReviewLayout layout, IReadOnlyList<Review> reviews) = ReviewReader.ReadFolder(dataDir);
        if (layout != file.State.Layout)
        {
            throw new RankerDataException(
                $"The model {modelPath} was trained on {file.State.Layout} reviews but {dataDir} contains {layout} reviews. " +
                "Evaluate it on a folder of the same source.");
        }

        IReadOnlyDictionary<string, ProductFacts> catalog = ProductFactsReader.Read(catalogPath, layout);
        FeatureSpace space = file.State.Space;
        ReviewStatistics statistics = file.State.Statistics;
        double[] model = ReviewRanker.PredictDislike(
            ml, file.Model, ReviewRanker.Featurize(reviews, catalog, space, statistics, true));
        double[] noProfile = ReviewRanker.PredictDislike(
            ml, file.NoProfileModel, ReviewRanker.Featurize(reviews, catalog, space, statistics, false));
        double[] productMean = [.. reviews.Select(r => -statistics.Product(r.ProductKey).Mean)];

        (MetricInterval[] auc, int authors) = AucIntervals(reviews, [model, noProfile, productMean], resamples, bootstrapSeed);
        (MetricInterval[] ndcg, int groups) = NdcgIntervals(reviews, [model, noProfile, productMean], resamples, bootstrapSeed);
        MetricInterval random = ndcg[3];

        return new RankerReport(
            layout.ToString(),
            reviews.Count,
            authors,
            reviews.Select(r => r.AuthorKey).Distinct().Count(statistics.HasAuthor),
            groups,
            reviews.Average(r => r.Disliked ? 1.0 : 0.0),
            auc[0],
            ndcg[0],
            random,
            new RankerBaselines(
                new RankingScores(auc[2], ndcg[2], random),
                new RankingScores(auc[1], ndcg[1], random)),
            auc[3],
            auc[4],
            resamples,
            Path.GetFullPath(modelPath));
    }

    /// <summary>
    /// Bootstraps the AUC of each scorer over authors, since one author's reviews are not independent, plus the gains
    /// of the first scorer over the third and the second on the same draws.
    /// </summary>
    internal static (MetricInterval[] Intervals, int Authors) AucIntervals(
        IReadOnlyList<Review> reviews, double[][] scorers, int resamples, int seed)
    {
        var authorIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] cluster = [.. reviews.Select(r => authorIndex.TryGetValue(r.AuthorKey, out int i) ? i : authorIndex[r.AuthorKey] = authorIndex.Count)];
        bool[] disliked = [.. reviews.Select(r => r.Disliked)];
        int[][] orders = [.. scorers.Select(RankingMetrics.SortByScore)];

        double Auc(int scorer, double[] counts)
        {
            double[] weights = [.. cluster.Select(c => counts[c])];
            return RankingMetrics.AucSorted(orders[scorer], scorers[scorer], disliked, weights);
        }

        Func<double[], double>[] statistics =
        [
            counts => Auc(0, counts),
            counts => Auc(1, counts),
            counts => Auc(2, counts),
            counts => Auc(0, counts) - Auc(2, counts),
            counts => Auc(0, counts) - Auc(1, counts),
        ];
        return ([.. Bootstrap.Intervals(authorIndex.Count, statistics, resamples, seed)], authorIndex.Count);
    }

    /// <summary>
    /// Computes NDCG@10 per profile group for each scorer (a product's score is the mean over the group's reviews of
    /// it), then bootstraps the group mean. The last interval is the random-order expectation.
    /// </summary>
    internal static (MetricInterval[] Intervals, int Groups) NdcgIntervals(
        IReadOnlyList<Review> reviews, double[][] scorers, int resamples, int seed)
    {
        var perGroup = new List<double[]>();
        var byGroup = Enumerable.Range(0, reviews.Count).GroupBy(i => reviews[i].Profile.Group, StringComparer.Ordinal);
        foreach (var group in byGroup.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var products = group.GroupBy(i => reviews[i].ProductKey, StringComparer.Ordinal)
                .OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            if (products.Count < 2)
            {
                continue;
            }

            // Relevance is mean stars minus one, so a product the group rated 1 star on average gains nothing.
            double[] relevance = [.. products.Select(p => p.Average(i => reviews[i].Rating) - 1.0)];
            if (relevance.All(r => r == 0))
            {
                continue;
            }

            var values = new double[scorers.Length + 1];
            for (int s = 0; s < scorers.Length; s++)
            {
                double[] like = [.. products.Select(p => -p.Average(i => scorers[s][i]))];
                values[s] = RankingMetrics.Ndcg(like, relevance, NdcgDepth);
            }

            values[scorers.Length] = RankingMetrics.RandomNdcg(relevance, NdcgDepth);
            perGroup.Add(values);
        }

        if (perGroup.Count == 0)
        {
            var none = new MetricInterval(double.NaN, double.NaN, double.NaN);
            return ([.. Enumerable.Repeat(none, scorers.Length + 1)], 0);
        }

        Func<double[], double>[] statistics =
        [
            .. Enumerable.Range(0, scorers.Length + 1).Select(s => (Func<double[], double>)(counts =>
                WeightedMean(perGroup.Select(v => v[s]), counts))),
        ];
        return ([.. Bootstrap.Intervals(perGroup.Count, statistics, resamples, seed)], perGroup.Count);
    }

    private static double WeightedMean(IEnumerable<double> values, double[] weights)
    {
        double sum = 0;
        double total = 0;
        int i = 0;
        foreach (double value in values)
        {
            sum += value * weights[i];
            total += weights[i];
            i++;
        }

        return total == 0 ? double.NaN : sum / total;
    }
}
