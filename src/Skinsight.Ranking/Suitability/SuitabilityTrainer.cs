using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Skinsight.Catalog.Ingredients;

namespace Skinsight.Ranking.Suitability;

/// <summary>Fits the skin-type suitability model and its baselines on a folder containing <c>cosmetics.csv</c>.</summary>
public static class SuitabilityTrainer
{
    /// <summary>
    /// Trains on the labelled rows of <c>cosmetics.csv</c> in <paramref name="dataDir"/> with the default grid,
    /// saves the model to <paramref name="modelPath"/> and a JSON summary of the search beside it
    /// (<c>.json</c> in place of the model's extension).
    /// </summary>
    /// <exception cref="SuitabilityException">The data is missing, too small, or a flag has only one class.</exception>
    public static SuitabilityTrainingReport Train(string dataDir, string modelPath, int seed, IProgress<string>? progress) =>
        Train(dataDir, modelPath, seed, progress, SuitabilityTrainingOptions.Default);

    /// <inheritdoc cref="Train(string, string, int, IProgress{string}?)"/>
    public static SuitabilityTrainingReport Train(
        string dataDir, string modelPath, int seed, IProgress<string>? progress, SuitabilityTrainingOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        SuitabilityData data = SuitabilityData.Load(dataDir);
        progress?.Report(
            $"{data.Products.Count} labelled products; {data.UnlabelledRowsLeftOut} unlabelled rows and {data.RowsSkipped} unreadable rows left out");
        Validate(data, options, dataDir);

        SuitabilityModel model = Fit(data, seed, options, progress, out IReadOnlyList<GridResult> grid, out FlagChoice choice);
        model.Save(modelPath);

        var report = new SuitabilityTrainingReport
        {
            ModelPath = modelPath,
            TrainingRows = data.Products.Count,
            UnlabelledRowsLeftOut = data.UnlabelledRowsLeftOut,
            RowsSkipped = data.RowsSkipped,
            Seed = seed,
            Folds = options.Folds,
            VocabularySize = model.Features.Vocabulary.Count,
            NameTokenCount = model.Features.NameTokens.Count,
            BrandCount = model.Features.Brands.Count,
            FeatureCount = model.Features.Length,
            Chosen = ByFlag(model.HyperParameters),
            CrossValidatedMacroF1 = choice.PerFlagF1.Average(),
            CrossValidatedPerFlagF1 = ByFlag(choice.PerFlagF1),
            CrossValidatedMajorityMacroF1 = choice.MajorityPerFlagF1.Average(),
            Grid = grid,
            Thresholds = ByFlag(model.Thresholds),
            MajorityFlags = ByFlag(model.Majority.Flags),
            NeighbourK = model.Neighbour.K,
            Elapsed = clock.Elapsed,
        };
        File.WriteAllText(Path.ChangeExtension(modelPath, ".json"), JsonSerializer.Serialize(report, SuitabilityJson.Indented));
        progress?.Report($"saved {modelPath} in {clock.Elapsed.TotalSeconds:F0} s");
        return report;
    }

    internal static SuitabilityModel Fit(
        SuitabilityData data,
        int seed,
        SuitabilityTrainingOptions options,
        IProgress<string>? progress,
        out IReadOnlyList<GridResult> grid)
        => Fit(data, seed, options, progress, out grid, out _);

    private static SuitabilityModel Fit(
        SuitabilityData data,
        int seed,
        SuitabilityTrainingOptions options,
        IProgress<string>? progress,
        out IReadOnlyList<GridResult> grid,
        out FlagChoice choice)
    {
        var products = data.Products.Select(p => p.Product).ToList();
        bool[][] flags = [.. data.Products.Select(p => p.Flags)];
        var ml = new MLContext(seed);

        // NOTE: the vocabularies are chosen once from all training rows, so each validation fold's ingredient, word
        // and brand counts shape the features it is scored on. The choice reads no flags, so only frequency leaks.
        var features = SuitabilityFeatures.Fit(
            products,
            options.MaxVocabulary,
            options.MinProductsPerIngredient,
            options.MaxNameTokens,
            options.MinProductsPerBrand,
            IngredientKnowledge.LoadDefault());
        float[][] vectors = [.. products.Select(features.Extract)];

        grid = Search(ml, vectors, flags, seed, options, progress, out double[] majorityPerFlag);
        choice = options.ChooseSettingPerFlag ? ChoosePerFlag(grid, majorityPerFlag) : ChooseShared(grid, majorityPerFlag);
        for (int f = 0; f < SkinTypeFlags.Count; f++)
        {
            progress?.Report(
                $"{SkinTypeFlags.Names[f]}: chosen {choice.Settings[f]}, threshold {choice.Thresholds[f]:F2}, cross-validated F1 {choice.PerFlagF1[f]:F4} (majority {choice.MajorityPerFlagF1[f]:F4})");
        }

        progress?.Report($"fitting the final models on all {products.Count} products");
        var classifiers = new ITransformer[SkinTypeFlags.Count];
        for (int f = 0; f < classifiers.Length; f++)
        {
            classifiers[f] = FitFlag(ml, vectors, [.. flags.Select(r => r[f])], choice.Settings[f], seed, options.Threads);
        }

        var majority = MajorityBaseline.Fit(flags);
        var neighbour = NeighbourBaseline.Fit([.. products.Select(p => SuitabilityFeatures.NormalisedSet(p).Order(StringComparer.Ordinal).ToArray())], flags);
        progress?.Report($"neighbour baseline: k = {neighbour.K}");
        return new SuitabilityModel(ml, classifiers, features, choice.Settings, majority, neighbour, choice.Thresholds);
    }

    /// <summary>
    /// Picks, for each flag on its own, the grid setting with the best out-of-fold F1 at its chosen threshold. A tie
    /// goes to the setting listed first in the grid. Flags differ in how often they are set and in how much the
    /// features reveal about them, so their best settings can differ.
    /// </summary>
    internal static FlagChoice ChoosePerFlag(IReadOnlyList<GridResult> grid, double[] majorityPerFlag)
    {
        var settings = new SuitabilityHyperParameters[SkinTypeFlags.Count];
        double[] thresholds = new double[SkinTypeFlags.Count];
        double[] perFlag = new double[SkinTypeFlags.Count];
        for (int f = 0; f < settings.Length; f++)
        {
            GridResult best = grid[0];
            foreach (GridResult result in grid.Skip(1))
            {
                if (result.PerFlagF1[f] > best.PerFlagF1[f])
                {
                    best = result;
                }
            }

            (settings[f], thresholds[f], perFlag[f]) = (best.HyperParameters, best.Thresholds[f], best.PerFlagF1[f]);
        }

        return new FlagChoice(settings, thresholds, perFlag, majorityPerFlag);
    }

    /// <summary>Picks the one grid setting with the best out-of-fold macro-F1 for all five flags.</summary>
    internal static FlagChoice ChooseShared(IReadOnlyList<GridResult> grid, double[] majorityPerFlag)
    {
        GridResult best = grid.MaxBy(g => g.MacroF1)!;
        SuitabilityHyperParameters[] settings = [.. Enumerable.Repeat(best.HyperParameters, SkinTypeFlags.Count)];
        return new FlagChoice(settings, best.Thresholds, best.PerFlagF1, majorityPerFlag);
    }

    private static Dictionary<string, T> ByFlag<T>(IReadOnlyList<T> values) =>
        SkinTypeFlags.Names.Select((name, f) => (name, f)).ToDictionary(p => p.name, p => values[p.f]);

    private static List<GridResult> Search(
        MLContext ml,
        float[][] vectors,
        bool[][] flags,
        int seed,
        SuitabilityTrainingOptions options,
        IProgress<string>? progress,
        out double[] majorityPerFlag)
    {
        int[] fold = AssignFolds(vectors.Length, options.Folds, seed);
        majorityPerFlag = MajorityOutOfFold(flags, fold, options.Folds);
        List<GridResult> results = [];
        foreach (SuitabilityHyperParameters candidate in options.Grid)
        {
            var outOfFold = new double[vectors.Length][];
            for (int k = 0; k < options.Folds; k++)
            {
                int[] train = [.. Enumerable.Range(0, vectors.Length).Where(i => fold[i] != k)];
                int[] validate = [.. Enumerable.Range(0, vectors.Length).Where(i => fold[i] == k)];
                float[][] trainVectors = [.. train.Select(i => vectors[i])];
                ITransformer[] classifiers = [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f => FitFlag(
                    ml, trainVectors, [.. train.Select(i => flags[i][f])], candidate, seed, options.Threads))];
                double[][] probabilities = SuitabilityModel.PredictProbabilities(ml, classifiers, [.. validate.Select(i => vectors[i])]);
                for (int j = 0; j < validate.Length; j++)
                {
                    outOfFold[validate[j]] = probabilities[j];
                }
            }

            double[] thresholds = new double[SkinTypeFlags.Count];
            double[] perFlag = new double[SkinTypeFlags.Count];
            for (int f = 0; f < thresholds.Length; f++)
            {
                (thresholds[f], perFlag[f]) = ChooseThreshold([.. flags.Select(r => r[f])], [.. outOfFold.Select(r => r[f])]);
            }

            var result = new GridResult(candidate, perFlag.Average(), perFlag, thresholds);
            results.Add(result);
            progress?.Report($"grid {results.Count}/{options.Grid.Count}: {candidate} -> cross-validated macro-F1 {result.MacroF1:F4}");
        }

        return results;
    }

    private static ITransformer FitFlag(
        MLContext ml, float[][] vectors, bool[] labels, SuitabilityHyperParameters settings, int seed, int threads) =>
        CreateTrainer(ml, settings, seed, threads).Fit(FeatureRows.Load(ml, vectors, labels));

    /// <summary>Scores the majority baseline per flag out of fold: fitted on the other folds, scored on each fold.</summary>
    private static double[] MajorityOutOfFold(bool[][] flags, int[] fold, int folds)
    {
        var predicted = new bool[flags.Length][];
        for (int k = 0; k < folds; k++)
        {
            bool[] majority = MajorityBaseline.Fit([.. flags.Where((_, i) => fold[i] != k)]).Predict();
            for (int i = 0; i < flags.Length; i++)
            {
                if (fold[i] == k)
                {
                    predicted[i] = majority;
                }
            }
        }

        return [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f =>
            BinaryMetrics.F1([.. flags.Select(r => r[f])], [.. predicted.Select(r => r[f])]))];
    }

    /// <summary>Returns a binary trainer for the setting; each one outputs a calibrated <c>Probability</c> column.</summary>
    private static IEstimator<ITransformer> CreateTrainer(MLContext ml, SuitabilityHyperParameters settings, int seed, int threads) =>
        settings.Learner switch
        {
            SuitabilityLearner.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = settings.NumberOfLeaves,
                LearningRate = settings.LearningRate,
                NumberOfIterations = settings.NumberOfTrees,
                MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
                NumberOfThreads = threads,
                Seed = seed,
                Deterministic = true,
                Silent = true,
            }),
            SuitabilityLearner.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfLeaves = settings.NumberOfLeaves,
                LearningRate = settings.LearningRate,
                NumberOfTrees = settings.NumberOfTrees,
                MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
                NumberOfThreads = threads,
                Seed = seed,
            }),
            // FastForest in ML.NET 6.0.0 outputs only a score, so a Platt calibrator fitted on the same rows maps it
            // to a probability.
            SuitabilityLearner.FastForest => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                NumberOfLeaves = settings.NumberOfLeaves,
                NumberOfTrees = settings.NumberOfTrees,
                MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
                NumberOfThreads = threads,
                Seed = seed,
            }).Append(ml.BinaryClassification.Calibrators.Platt()),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Learner, "Unknown suitability learner."),
        };

    /// <summary>
    /// Returns the probability threshold from <see cref="CandidateThresholds"/> with the highest F1 on the given
    /// out-of-fold probabilities, and that F1. A tie goes to the threshold nearer 0.5.
    /// </summary>
    internal static (double Threshold, double F1) ChooseThreshold(bool[] actual, double[] probabilities)
    {
        (double Threshold, double F1) best = (0.5, double.NegativeInfinity);
        foreach (double threshold in CandidateThresholds.OrderBy(t => Math.Abs(t - 0.5)).ThenBy(t => t))
        {
            double f1 = BinaryMetrics.F1(actual, [.. probabilities.Select(p => p >= threshold)]);
            if (f1 > best.F1)
            {
                best = (threshold, f1);
            }
        }

        return best;
    }

    /// <summary>Thresholds tried per flag: 0.05 to 0.95 in steps of 0.05.</summary>
    internal static IReadOnlyList<double> CandidateThresholds { get; } =
        [.. Enumerable.Range(1, 19).Select(i => Math.Round(i * 0.05, 2))];

    /// <summary>Returns a fold number per row: a seeded shuffle dealt out in turn, so fold sizes differ by at most 1.</summary>
    internal static int[] AssignFolds(int rows, int folds, int seed)
    {
        int[] order = [.. Enumerable.Range(0, rows)];
        new Random(seed).Shuffle(order);
        int[] fold = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            fold[order[i]] = i % folds;
        }

        return fold;
    }

    private static void Validate(SuitabilityData data, SuitabilityTrainingOptions options, string dataDir)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Folds, 2);
        if (options.Grid.Count == 0)
        {
            throw new ArgumentException("The hyper-parameter grid is empty. Pass at least one setting.", nameof(options));
        }

        int minRows = 4 * options.Folds;
        if (data.Products.Count < minRows)
        {
            throw new SuitabilityException(
                $"Only {data.Products.Count} labelled products in {dataDir}, but {options.Folds}-fold training needs at least {minRows}. Pass a larger data folder.");
        }

        for (int f = 0; f < SkinTypeFlags.Count; f++)
        {
            int positives = data.Products.Count(p => p.Flags[f]);
            if (positives == 0 || positives == data.Products.Count)
            {
                throw new SuitabilityException(
                    $"Flag {SkinTypeFlags.Names[f]} is {(positives == 0 ? "0" : "1")} on every labelled product in {dataDir}, but training needs both values. Pass data where each flag is set on some rows and not others.");
            }
        }
    }
}

/// <summary>The cross-validated score of one grid setting.</summary>
/// <param name="MacroF1">Mean of <paramref name="PerFlagF1"/>.</param>
/// <param name="PerFlagF1">
/// Out-of-fold F1 per flag at the flag's chosen threshold, in <see cref="SkinTypeFlags.Names"/> order. The threshold
/// is picked on the same out-of-fold predictions, so these scores are slightly optimistic.
/// </param>
/// <param name="Thresholds">The probability threshold chosen per flag.</param>
public sealed record GridResult(
    SuitabilityHyperParameters HyperParameters, double MacroF1, double[] PerFlagF1, double[] Thresholds);

/// <summary>The setting, threshold and out-of-fold F1 chosen for each flag, in <see cref="SkinTypeFlags.Names"/> order.</summary>
/// <param name="MajorityPerFlagF1">Out-of-fold F1 of the majority baseline on the same folds, for comparison.</param>
internal sealed record FlagChoice(
    SuitabilityHyperParameters[] Settings, double[] Thresholds, double[] PerFlagF1, double[] MajorityPerFlagF1);

/// <summary>What <see cref="SuitabilityTrainer.Train(string, string, int, IProgress{string}?)"/> fitted and chose.</summary>
public sealed record SuitabilityTrainingReport
{
    public required string ModelPath { get; init; }

    public int TrainingRows { get; init; }

    public int UnlabelledRowsLeftOut { get; init; }

    public int RowsSkipped { get; init; }

    public int Seed { get; init; }

    public int Folds { get; init; }

    public int VocabularySize { get; init; }

    /// <summary>Words of product names that got a feature.</summary>
    public int NameTokenCount { get; init; }

    /// <summary>Brands that got a feature.</summary>
    public int BrandCount { get; init; }

    public int FeatureCount { get; init; }

    /// <summary>The grid setting chosen for each flag, keyed by flag name.</summary>
    public IReadOnlyDictionary<string, SuitabilityHyperParameters> Chosen { get; init; } =
        new Dictionary<string, SuitabilityHyperParameters>();

    /// <summary>
    /// Mean of <see cref="CrossValidatedPerFlagF1"/>. Settings and thresholds are picked on the same out-of-fold
    /// predictions, so this is optimistic.
    /// </summary>
    public double CrossValidatedMacroF1 { get; init; }

    /// <summary>Out-of-fold F1 of each flag's chosen setting at its chosen threshold.</summary>
    public IReadOnlyDictionary<string, double> CrossValidatedPerFlagF1 { get; init; } = new Dictionary<string, double>();

    /// <summary>Out-of-fold macro-F1 of the majority baseline on the same folds.</summary>
    public double CrossValidatedMajorityMacroF1 { get; init; }

    public IReadOnlyList<GridResult> Grid { get; init; } = [];

    /// <summary>The chosen probability threshold per flag.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The majority baseline's fitted prediction per flag.</summary>
    public IReadOnlyDictionary<string, bool> MajorityFlags { get; init; } = new Dictionary<string, bool>();

    /// <summary>The neighbour count the nearest-neighbour baseline chose by leave-one-out on the training rows.</summary>
    public int NeighbourK { get; init; }

    public TimeSpan Elapsed { get; init; }
}
