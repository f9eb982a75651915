using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.IO;

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
        string summaryPath = Path.ChangeExtension(modelPath, ".json");
        CheckModelPath(modelPath, summaryPath);
        var clock = Stopwatch.StartNew();
        SuitabilityData data = SuitabilityData.Load(dataDir);
        progress?.Report(
            $"{data.Products.Count} labelled products; {data.UnlabelledRowsLeftOut} unlabelled rows and {data.RowsSkipped} unreadable rows left out");
        Validate(data, options, dataDir);

        SuitabilityModel model = Fit(
            data,
            seed,
            options,
            progress,
            out IReadOnlyList<GridResult> grid,
            out IReadOnlyList<FlagDecision> decisions,
            out NearDuplicateChoice? nearDuplicates);
        model.Save(modelPath);

        var report = new SuitabilityTrainingReport
        {
            ModelPath = modelPath,
            TrainingRows = data.Products.Count,
            UnlabelledRowsLeftOut = data.UnlabelledRowsLeftOut,
            RowsSkipped = data.RowsSkipped,
            Seed = seed,
            Folds = options.Folds,
            Repeats = options.Repeats,
            FallbackMargin = options.FallbackMargin,
            BrandRateStrength = model.BrandRates?.Strength,
            VocabularySize = model.Features.Vocabulary.Count,
            NameTokenCount = model.Features.NameTokens.Count,
            BrandCount = model.Features.Brands.Count,
            FeatureCount = model.Features.Length,
            Chosen = ByFlag(model.HyperParameters),
            CrossValidatedMacroF1 = decisions.Average(d => d.UsesModel ? d.ModelF1.Average() : d.MajorityF1.Average()),
            CrossValidatedModelMacroF1 = decisions.Average(d => d.ModelF1.Average()),
            CrossValidatedMajorityMacroF1 = decisions.Average(d => d.MajorityF1.Average()),
            Decisions = ByFlag(decisions),
            Grid = grid,
            Thresholds = ByFlag(model.Thresholds),
            UsesModel = ByFlag(model.UsesModel),
            MajorityFlags = ByFlag(model.Majority.Flags),
            NeighbourK = model.Neighbour.K,
            NearDuplicateMinSimilarity = model.NearDuplicates.MinSimilarity,
            NearDuplicateCandidates = nearDuplicates?.Candidates ?? [],
            Elapsed = clock.Elapsed,
        };
        AtomicFile.Write(summaryPath, temporary => File.WriteAllText(temporary, JsonSerializer.Serialize(report, SuitabilityJson.Indented)));
        progress?.Report($"saved {modelPath} in {clock.Elapsed.TotalSeconds:F0} s");
        return report;
    }

    internal static SuitabilityModel Fit(
        SuitabilityData data,
        int seed,
        SuitabilityTrainingOptions options,
        IProgress<string>? progress,
        out IReadOnlyList<GridResult> grid)
        => Fit(data, seed, options, progress, out grid, out _, out _);

    private static SuitabilityModel Fit(
        SuitabilityData data,
        int seed,
        SuitabilityTrainingOptions options,
        IProgress<string>? progress,
        out IReadOnlyList<GridResult> grid,
        out IReadOnlyList<FlagDecision> decisions,
        out NearDuplicateChoice? nearDuplicates)
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
        string[] brands = [.. products.Select(p => SuitabilityFeatures.NormaliseBrand(p.Brand))];

        int[][] folds = [.. Enumerable.Range(0, options.Repeats).Select(r => AssignFolds(vectors.Length, options.Folds, seed + r))];
        FoldData[][] foldData = [.. folds.Select((fold, r) => Enumerable.Range(0, options.Folds)
            .Select(k => SplitFold(vectors, brands, flags, fold, k, options, seed + (1000 * (r + 1)) + k))
            .ToArray())];
        List<SearchedSetting> searched = Search(ml, foldData, flags, seed, options, progress);
        grid = [.. searched.Select(s => s.Result)];

        int[] chosen = options.ChooseSettingPerFlag ? ChoosePerFlag(grid) : ChooseShared(grid);
        decisions = [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f => Decide(
            f, searched[chosen[f]], flags, folds, options.Folds, options.FallbackMargin))];
        foreach (FlagDecision d in decisions)
        {
            progress?.Report(FormattableString.Invariant(
                $"{d.Flag}: {d.HyperParameters}, log loss {d.LogLoss:F4}, threshold {d.Threshold:F3}, out-of-fold F1 {d.ModelF1.Average():F4} against majority {d.MajorityF1.Average():F4} -> {(d.UsesModel ? "model" : "majority rule")}"));
        }

        // The final classifier of each flag is the bag of its chosen setting's fold models from every repeat: their
        // mean probability varies less than one refit, and the calibration was fitted on these same models' outputs.
        ITransformer[][] bags = [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f => searched[chosen[f]].FoldModels[f])];

        BrandRates? brandRates = options.BrandRates ? BrandRates.Fit(brands, flags, options.BrandRateStrength) : null;
        var majority = MajorityBaseline.Fit(flags);
        var neighbour = NeighbourBaseline.Fit([.. products.Select(p => SuitabilityFeatures.NormalisedSet(p).Order(StringComparer.Ordinal).ToArray())], flags);
        progress?.Report($"neighbour baseline: k = {neighbour.K}");

        nearDuplicates = null;
        NearDuplicateRule nearDuplicateRule = NearDuplicateRule.Off;
        if (options.NearDuplicates)
        {
            IReadOnlyList<FlagDecision> chosenDecisions = decisions;
            bool[][][] outOfFold = [.. Enumerable.Range(0, folds.Length).Select(r => OutOfFoldFlags(
                r, chosenDecisions, [.. chosen.Select(c => searched[c])], flags, folds[r], options.Folds))];
            nearDuplicates = NearDuplicateRule.Choose(neighbour, flags, outOfFold, options.FallbackMargin);
            nearDuplicateRule = nearDuplicates.Rule;
            progress?.Report(nearDuplicateRule.MinSimilarity is { } similarity
                ? FormattableString.Invariant($"near-duplicate rule: similarity at least {similarity:F2}, leave-one-out macro-F1 gain {nearDuplicates.Candidates.Single(c => c.MinSimilarity == similarity).Gains.Average():F4}")
                : "near-duplicate rule: off, no similarity raised the leave-one-out macro-F1 in every repeat");
        }
        return new SuitabilityModel(
            ml,
            bags,
            features,
            brandRates,
            [.. decisions.Select(d => d.HyperParameters)],
            majority,
            neighbour,
            nearDuplicateRule,
            new SuitabilityModel.FlagRules(
                [.. decisions.Select(d => d.Calibration)],
                [.. decisions.Select(d => d.Threshold)],
                [.. decisions.Select(d => d.UsesModel)]));
    }

    /// <summary>
    /// Picks, for each flag on its own, the grid setting with the lowest out-of-fold log loss. A tie goes to the
    /// setting listed first. Log loss scores the probabilities themselves, so no threshold is searched to pick it.
    /// </summary>
    /// <returns>The index in <paramref name="grid"/> of each flag's setting.</returns>
    internal static int[] ChoosePerFlag(IReadOnlyList<GridResult> grid) =>
        [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f =>
            Enumerable.Range(0, grid.Count).MinBy(g => grid[g].PerFlagLogLoss[f]))];

    /// <summary>Picks the one grid setting with the lowest mean out-of-fold log loss for all five flags.</summary>
    internal static int[] ChooseShared(IReadOnlyList<GridResult> grid)
    {
        int best = Enumerable.Range(0, grid.Count).MinBy(g => grid[g].MeanLogLoss);
        return [.. Enumerable.Repeat(best, SkinTypeFlags.Count)];
    }

    /// <summary>
    /// Calibrates one flag's out-of-fold probabilities, sets its threshold from the training positive rate and
    /// compares the thresholded flag with the majority rule on each repeat's folds.
    /// </summary>
    internal static FlagDecision Decide(
        int flag, SearchedSetting setting, bool[][] flags, int[][] folds, int foldCount, double margin)
    {
        bool[] actual = [.. flags.Select(r => r[flag])];
        double[] pooled = [.. setting.OutOfFold.SelectMany(repeat => repeat.Select(r => r[flag]))];
        bool[] pooledActual = [.. setting.OutOfFold.SelectMany(_ => actual)];
        PlattScaling calibration = PlattScaling.Fit(pooled, pooledActual);
        double threshold = SuitabilityDecision.Threshold(actual.Count(a => a) / (double)actual.Length);

        double[] modelF1 = new double[folds.Length];
        double[] majorityF1 = new double[folds.Length];
        for (int r = 0; r < folds.Length; r++)
        {
            bool[] predicted = [.. setting.OutOfFold[r].Select(p => calibration.Apply(p[flag]) >= threshold)];
            modelF1[r] = BinaryMetrics.F1(actual, predicted);
            majorityF1[r] = BinaryMetrics.F1(actual, MajorityOutOfFold(actual, folds[r], foldCount));
        }

        bool usesModel = SuitabilityDecision.UsesModel([.. modelF1.Zip(majorityF1, (m, b) => m - b)], margin);
        return new FlagDecision(
            SkinTypeFlags.Names[flag],
            setting.Result.HyperParameters,
            setting.Result.PerFlagLogLoss[flag],
            calibration,
            threshold,
            modelF1,
            majorityF1,
            usesModel);
    }

    private static Dictionary<string, T> ByFlag<T>(IReadOnlyList<T> values) =>
        SkinTypeFlags.Names.Select((name, f) => (name, f)).ToDictionary(p => p.name, p => values[p.f]);

    private static List<SearchedSetting> Search(
        MLContext ml,
        FoldData[][] folds,
        bool[][] flags,
        int seed,
        SuitabilityTrainingOptions options,
        IProgress<string>? progress)
    {
        List<SearchedSetting> results = [];
        foreach (SuitabilityHyperParameters candidate in options.Grid)
        {
            var outOfFold = new double[folds.Length][][];
            var models = Enumerable.Range(0, SkinTypeFlags.Count).Select(_ => new List<ITransformer>()).ToArray();
            for (int r = 0; r < folds.Length; r++)
            {
                outOfFold[r] = new double[flags.Length][];
                foreach (FoldData fold in folds[r])
                {
                    ITransformer[] classifiers = [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f => FitFlag(
                        ml, fold.TrainVectors, [.. fold.Train.Select(i => flags[i][f])], candidate, seed, options.Threads))];
                    double[][] probabilities = SuitabilityModel.PredictRawProbabilities(ml, classifiers, fold.ValidateVectors);
                    for (int j = 0; j < fold.Validate.Length; j++)
                    {
                        outOfFold[r][fold.Validate[j]] = probabilities[j];
                    }

                    for (int f = 0; f < SkinTypeFlags.Count; f++)
                    {
                        models[f].Add(classifiers[f]);
                    }
                }
            }

            double[] logLoss = [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f => outOfFold.Average(repeat =>
                PlattScaling.LogLoss([.. repeat.Select(p => p[f])], [.. flags.Select(row => row[f])])))];
            var result = new GridResult(candidate, logLoss.Average(), logLoss);
            results.Add(new SearchedSetting(result, outOfFold, [.. models.Select(m => m.ToArray())]));
            progress?.Report(FormattableString.Invariant(
                $"grid {results.Count}/{options.Grid.Count}: {candidate} -> out-of-fold log loss {result.MeanLogLoss:F4}"));
        }

        return results;
    }

    /// <summary>
    /// Builds the training and validation vectors of one fold. With brand rates on, the validation rows get rates
    /// fitted on the fold's training rows, and the training rows get rates from an inner split of those rows, so no
    /// row's own flags reach its features.
    /// </summary>
    private static FoldData SplitFold(
        float[][] vectors, string[] brands, bool[][] flags, int[] fold, int k, SuitabilityTrainingOptions options, int innerSeed)
    {
        int[] train = [.. Enumerable.Range(0, vectors.Length).Where(i => fold[i] != k)];
        int[] validate = [.. Enumerable.Range(0, vectors.Length).Where(i => fold[i] == k)];
        if (!options.BrandRates)
        {
            return new FoldData(train, validate, [.. train.Select(i => vectors[i])], [.. validate.Select(i => vectors[i])]);
        }

        string[] trainBrands = [.. train.Select(i => brands[i])];
        bool[][] trainFlags = [.. train.Select(i => flags[i])];
        float[][] inner = BrandRates.EncodeOutOfFold(trainBrands, trainFlags, options.BrandRateStrength, options.Folds, innerSeed);
        BrandRates rates = BrandRates.Fit(trainBrands, trainFlags, options.BrandRateStrength);
        return new FoldData(
            train,
            validate,
            [.. train.Select((i, j) => (float[])[.. vectors[i], .. inner[j]])],
            [.. validate.Select(i => (float[])[.. vectors[i], .. rates.Encode(brands[i])])]);
    }

    private static ITransformer FitFlag(
        MLContext ml, float[][] vectors, bool[] labels, SuitabilityHyperParameters settings, int seed, int threads) =>
        CreateTrainer(ml, settings, seed, threads).Fit(FeatureRows.Load(ml, vectors, labels));

    /// <summary>
    /// Returns one repeat's out-of-fold flags as the final model decides them before the near-duplicate rule: the
    /// calibrated, thresholded trees for flags that use the model and the majority rule for the others.
    /// </summary>
    private static bool[][] OutOfFoldFlags(
        int repeat, IReadOnlyList<FlagDecision> decisions, IReadOnlyList<SearchedSetting> settings, bool[][] flags, int[] fold, int folds)
    {
        var result = flags.Select(_ => new bool[SkinTypeFlags.Count]).ToArray();
        for (int f = 0; f < SkinTypeFlags.Count; f++)
        {
            FlagDecision decision = decisions[f];
            bool[] predicted = decision.UsesModel
                ? [.. settings[f].OutOfFold[repeat].Select(p => decision.Calibration.Apply(p[f]) >= decision.Threshold)]
                : MajorityOutOfFold([.. flags.Select(r => r[f])], fold, folds);
            for (int i = 0; i < result.Length; i++)
            {
                result[i][f] = predicted[i];
            }
        }

        return result;
    }

    /// <summary>Predicts one flag by the majority rule out of fold: fitted on the other folds, applied to each fold.</summary>
    private static bool[] MajorityOutOfFold(bool[] actual, int[] fold, int folds)
    {
        var predicted = new bool[actual.Length];
        for (int k = 0; k < folds; k++)
        {
            int inTraining = 0, positives = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                if (fold[i] != k)
                {
                    inTraining++;
                    positives += actual[i] ? 1 : 0;
                }
            }

            for (int i = 0; i < actual.Length; i++)
            {
                if (fold[i] == k)
                {
                    predicted[i] = 2 * positives >= inTraining;
                }
            }
        }

        return predicted;
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

    // Runs before any data is read, so a bad path fails at once instead of after the whole training run.
    private static void CheckModelPath(string modelPath, string summaryPath)
    {
        if (Directory.Exists(modelPath))
        {
            throw new SuitabilityException(
                $"Model path {modelPath} is a folder. Pass a file path such as {Path.Combine(modelPath, "suitability.zip")}.");
        }

        if (Path.GetFullPath(summaryPath) == Path.GetFullPath(modelPath))
        {
            throw new SuitabilityException(
                $"Model path {modelPath} ends in .json, the name of the training summary written beside the model, "
                + "so the summary would replace the model. Pass a path ending in .zip.");
        }
    }

    private static void Validate(SuitabilityData data, SuitabilityTrainingOptions options, string dataDir)
    {
        data.ThrowIfNoLabelledProducts(dataDir);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Folds, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Repeats, 1);
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
/// <param name="MeanLogLoss">Mean of <paramref name="PerFlagLogLoss"/>.</param>
/// <param name="PerFlagLogLoss">
/// Out-of-fold log loss of the raw probabilities per flag, averaged over the repeats, in
/// <see cref="SkinTypeFlags.Names"/> order.
/// </param>
public sealed record GridResult(SuitabilityHyperParameters HyperParameters, double MeanLogLoss, double[] PerFlagLogLoss);

/// <summary>Row indices and feature vectors of one cross-validation fold.</summary>
internal sealed record FoldData(int[] Train, int[] Validate, float[][] TrainVectors, float[][] ValidateVectors);

/// <summary>A grid setting's score with its out-of-fold probabilities, as <c>[repeat][row][flag]</c>, and fold models.</summary>
/// <param name="FoldModels">Per flag, the classifiers of every repeat and fold, in order.</param>
internal sealed record SearchedSetting(GridResult Result, double[][][] OutOfFold, ITransformer[][] FoldModels);

/// <summary>How one flag is predicted, and the out-of-fold evidence for it.</summary>
/// <param name="LogLoss">Out-of-fold log loss of the chosen setting's raw probabilities.</param>
/// <param name="Calibration">Platt scaling fitted on the out-of-fold probabilities of every repeat.</param>
/// <param name="Threshold">Calibrated probability at or above which the flag is predicted, from
/// <see cref="SuitabilityDecision.Threshold"/>.</param>
/// <param name="ModelF1">Out-of-fold F1 of the calibrated, thresholded flag, one value per repeat.</param>
/// <param name="MajorityF1">Out-of-fold F1 of the majority rule on the same folds, one value per repeat.</param>
/// <param name="UsesModel">False when the flag keeps the majority rule (see <see cref="SuitabilityDecision.UsesModel"/>).</param>
public sealed record FlagDecision(
    string Flag,
    SuitabilityHyperParameters HyperParameters,
    double LogLoss,
    PlattScaling Calibration,
    double Threshold,
    double[] ModelF1,
    double[] MajorityF1,
    bool UsesModel);

/// <summary>What <see cref="SuitabilityTrainer.Train(string, string, int, IProgress{string}?)"/> fitted and chose.</summary>
public sealed record SuitabilityTrainingReport
{
    public required string ModelPath { get; init; }

    public int TrainingRows { get; init; }

    public int UnlabelledRowsLeftOut { get; init; }

    public int RowsSkipped { get; init; }

    public int Seed { get; init; }

    public int Folds { get; init; }

    /// <summary>Cross-validation repeats, each with its own seeded fold assignment.</summary>
    public int Repeats { get; init; }

    public double FallbackMargin { get; init; }

    /// <summary>Smoothing strength of the brand-rate features; null when they are off.</summary>
    public double? BrandRateStrength { get; init; }

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
    /// Out-of-fold macro-F1 of the final rule: the model's F1 on flags that use it and the majority's on the others.
    /// The fallback is chosen on the same predictions, so this is slightly optimistic.
    /// </summary>
    public double CrossValidatedMacroF1 { get; init; }

    /// <summary>Out-of-fold macro-F1 of the calibrated, thresholded model on every flag, before any fallback.</summary>
    public double CrossValidatedModelMacroF1 { get; init; }

    /// <summary>Out-of-fold macro-F1 of the majority baseline on the same folds.</summary>
    public double CrossValidatedMajorityMacroF1 { get; init; }

    /// <summary>How each flag is predicted, keyed by flag name.</summary>
    public IReadOnlyDictionary<string, FlagDecision> Decisions { get; init; } = new Dictionary<string, FlagDecision>();

    public IReadOnlyList<GridResult> Grid { get; init; } = [];

    /// <summary>The calibrated probability threshold per flag.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>Per flag, true when the model decides it and false when it keeps the majority rule.</summary>
    public IReadOnlyDictionary<string, bool> UsesModel { get; init; } = new Dictionary<string, bool>();

    /// <summary>The majority baseline's fitted prediction per flag.</summary>
    public IReadOnlyDictionary<string, bool> MajorityFlags { get; init; } = new Dictionary<string, bool>();

    /// <summary>The neighbour count the nearest-neighbour baseline chose by leave-one-out on the training rows.</summary>
    public int NeighbourK { get; init; }

    /// <summary>The similarity of the near-duplicate rule (<see cref="NearDuplicateRule"/>); null when it is off.</summary>
    public double? NearDuplicateMinSimilarity { get; init; }

    /// <summary>Every similarity the near-duplicate rule tried, with its leave-one-out gains; empty when not fitted.</summary>
    public IReadOnlyList<NearDuplicateCandidate> NearDuplicateCandidates { get; init; } = [];

    public TimeSpan Elapsed { get; init; }
}
