using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
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

        SuitabilityModel model = Fit(data, seed, options, progress, out IReadOnlyList<GridResult> grid);
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
            FeatureCount = model.Features.Length,
            Chosen = model.HyperParameters,
            CrossValidatedMacroF1 = grid.First(g => g.HyperParameters == model.HyperParameters).MacroF1,
            Grid = grid,
            Thresholds = SkinTypeFlags.Names.Select((n, f) => (n, f)).ToDictionary(p => p.n, p => model.Thresholds[p.f]),
            MajorityFlags = SkinTypeFlags.Names.Select((n, f) => (n, f)).ToDictionary(p => p.n, p => model.Majority.Flags[p.f]),
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
    {
        var products = data.Products.Select(p => p.Product).ToList();
        bool[][] flags = [.. data.Products.Select(p => p.Flags)];
        var ml = new MLContext(seed);

        // NOTE: the vocabulary is chosen once from all training rows, so each validation fold's ingredient counts
        // shape the features it is scored on. The choice reads no flags, so only ingredient frequency leaks.
        var features = SuitabilityFeatures.Fit(
            products, options.MaxVocabulary, options.MinProductsPerIngredient, IngredientKnowledge.LoadDefault());
        float[][] vectors = [.. products.Select(features.Extract)];

        grid = Search(ml, vectors, flags, seed, options, progress);
        GridResult chosen = grid.OrderByDescending(g => g.MacroF1).First();
        SuitabilityHyperParameters best = chosen.HyperParameters;
        progress?.Report($"chosen {best}; fitting the final models on all {products.Count} products");

        ITransformer[] classifiers = FitFlags(ml, vectors, flags, best, seed, options.Threads);
        var majority = MajorityBaseline.Fit(flags);
        var neighbour = NeighbourBaseline.Fit([.. products.Select(p => SuitabilityFeatures.NormalisedSet(p).Order(StringComparer.Ordinal).ToArray())], flags);
        progress?.Report($"neighbour baseline: k = {neighbour.K}");
        return new SuitabilityModel(ml, classifiers, features, best, majority, neighbour, chosen.Thresholds);
    }

    private static List<GridResult> Search(
        MLContext ml, float[][] vectors, bool[][] flags, int seed, SuitabilityTrainingOptions options, IProgress<string>? progress)
    {
        int[] fold = AssignFolds(vectors.Length, options.Folds, seed);
        List<GridResult> results = [];
        foreach (SuitabilityHyperParameters candidate in options.Grid)
        {
            var outOfFold = new double[vectors.Length][];
            for (int k = 0; k < options.Folds; k++)
            {
                int[] train = [.. Enumerable.Range(0, vectors.Length).Where(i => fold[i] != k)];
                int[] validate = [.. Enumerable.Range(0, vectors.Length).Where(i => fold[i] == k)];
                ITransformer[] classifiers = FitFlags(
                    ml, [.. train.Select(i => vectors[i])], [.. train.Select(i => flags[i])], candidate, seed, options.Threads);
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

    private static ITransformer[] FitFlags(
        MLContext ml, float[][] vectors, bool[][] flags, SuitabilityHyperParameters settings, int seed, int threads)
    {
        var classifiers = new ITransformer[SkinTypeFlags.Count];
        for (int f = 0; f < classifiers.Length; f++)
        {
            IDataView data = FeatureRows.Load(ml, vectors, [.. flags.Select(r => r[f])]);
            var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = settings.NumberOfLeaves,
                LearningRate = settings.LearningRate,
                NumberOfIterations = settings.NumberOfTrees,
                MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
                NumberOfThreads = threads,
                Seed = seed,
                Deterministic = true,
                Silent = true,
            });
            classifiers[f] = trainer.Fit(data);
        }

        return classifiers;
    }

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

    public int FeatureCount { get; init; }

    public required SuitabilityHyperParameters Chosen { get; init; }

    /// <summary>Out-of-fold macro-F1 of <see cref="Chosen"/> on the training folder.</summary>
    public double CrossValidatedMacroF1 { get; init; }

    public IReadOnlyList<GridResult> Grid { get; init; } = [];

    /// <summary>The chosen probability threshold per flag.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The majority baseline's fitted prediction per flag.</summary>
    public IReadOnlyDictionary<string, bool> MajorityFlags { get; init; } = new Dictionary<string, bool>();

    /// <summary>The neighbour count the nearest-neighbour baseline chose by leave-one-out on the training rows.</summary>
    public int NeighbourK { get; init; }

    public TimeSpan Elapsed { get; init; }
}
