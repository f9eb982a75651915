namespace Skinsight.Ranking.Suitability;

/// <summary>Scores a saved suitability model and the baselines saved with it on another data folder.</summary>
public static class SuitabilityEvaluator
{
    public const int DefaultResamples = 1000;

    public const int DefaultBootstrapSeed = 20261204;

    /// <summary>
    /// Scores the model at <paramref name="modelPath"/> on the labelled rows of <c>cosmetics.csv</c> in
    /// <paramref name="dataDir"/>, with bootstrap intervals over the scored products.
    /// </summary>
    /// <exception cref="SuitabilityException">The data or model is missing or unreadable, or no row is labelled.</exception>
    public static SuitabilityReport Evaluate(
        string dataDir, string modelPath, int resamples = DefaultResamples, int bootstrapSeed = DefaultBootstrapSeed)
    {
        SuitabilityModel model = SuitabilityModel.Load(modelPath);
        SuitabilityData data = SuitabilityData.Load(dataDir);
        data.ThrowIfNoLabelledProducts(dataDir);

        bool[][] actual = [.. data.Products.Select(p => p.Flags)];
        Core.Catalog.Product[] products = [.. data.Products.Select(p => p.Product)];
        double[][] probabilities = model.PredictProbabilities(products);
        bool[][] modelFlags = model.DecideFlags(products, probabilities);
        int cleared = probabilities
            .Select(model.DecideWithoutNearDuplicates)
            .Zip(modelFlags, (before, after) => before.Zip(after).Count(p => p.First && !p.Second))
            .Sum();
        bool[][] majorityFlags = [.. data.Products.Select(_ => model.Majority.Predict())];
        bool[][] neighbourFlags = [.. data.Products.Select(p => model.Neighbour.Predict(SuitabilityFeatures.NormalisedSet(p.Product)))];

        double modelScore = BinaryMetrics.MacroF1(actual, modelFlags);
        double majorityScore = BinaryMetrics.MacroF1(actual, majorityFlags);
        double neighbourScore = BinaryMetrics.MacroF1(actual, neighbourFlags);

        Interval[] intervals = BinaryMetrics.BootstrapIntervals(
            actual.Length,
            [
                rows => BinaryMetrics.MacroF1(actual, modelFlags, rows),
                rows => BinaryMetrics.MacroF1(actual, majorityFlags, rows),
                rows => BinaryMetrics.MacroF1(actual, neighbourFlags, rows),
                rows => BinaryMetrics.MacroF1(actual, modelFlags, rows) - BinaryMetrics.MacroF1(actual, majorityFlags, rows),
                rows => BinaryMetrics.MacroF1(actual, modelFlags, rows) - BinaryMetrics.MacroF1(actual, neighbourFlags, rows),
            ],
            resamples,
            bootstrapSeed);

        return new SuitabilityReport
        {
            N = actual.Length,
            UnlabelledRowsLeftOut = data.UnlabelledRowsLeftOut,
            RowsSkipped = data.RowsSkipped,
            PerFlagF1 = PerFlag(actual, modelFlags),
            PerFlagAuc = SkinTypeFlags.Names
                .Select((name, f) => (name, f))
                .ToDictionary(p => p.name, p => NullIfNaN(BinaryMetrics.RocAuc(
                    [.. actual.Select(r => r[p.f])], [.. probabilities.Select(r => r[p.f])]))),
            MacroF1 = modelScore,
            MacroF1Interval = intervals[0],
            BaselineMajorityMacroF1 = majorityScore,
            BaselineMajorityMacroF1Interval = intervals[1],
            BaselineNeighbourMacroF1 = neighbourScore,
            BaselineNeighbourMacroF1Interval = intervals[2],
            GainOverMajority = modelScore - majorityScore,
            GainOverMajorityInterval = intervals[3],
            GainOverNeighbour = modelScore - neighbourScore,
            GainOverNeighbourInterval = intervals[4],
            BaselineMajorityPerFlagF1 = PerFlag(actual, majorityFlags),
            BaselineNeighbourPerFlagF1 = PerFlag(actual, neighbourFlags),
            NeighbourK = model.Neighbour.K,
            NearDuplicateMinSimilarity = model.NearDuplicates.MinSimilarity,
            NearDuplicateFlagsCleared = cleared,
            BootstrapResamples = resamples,
            BootstrapSeed = bootstrapSeed,
        };
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    private static Dictionary<string, double> PerFlag(bool[][] actual, bool[][] predicted) =>
        SkinTypeFlags.Names
            .Select((name, f) => (name, f))
            .ToDictionary(
                p => p.name,
                p => BinaryMetrics.F1([.. actual.Select(r => r[p.f])], [.. predicted.Select(r => r[p.f])]));
}
