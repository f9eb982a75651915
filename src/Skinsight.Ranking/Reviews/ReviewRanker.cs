using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.LightGbm;

namespace Skinsight.Ranking.Reviews;

/// <summary>Grid, folds and threads of a training run.</summary>
public sealed record RankerTrainingOptions
{
    /// <summary>
    /// The default grid: 8 points of small, slowly learning trees, because 31 leaves or a learning rate of 0.1
    /// scored 0.01 to 0.04 lower cross-validated AUC than 8 leaves at 0.03 in a first grid on the Sephora reviews.
    /// </summary>
    public static IReadOnlyList<RankerHyperparameters> DefaultGrid { get; } =
    [
        .. from leaves in new[] { 4, 8 }
           from rate in new[] { 0.02, 0.05 }
           from iterations in new[] { 100, 250 }
           select new RankerHyperparameters(leaves, rate, iterations, MinimumExampleCountPerLeaf: 50),
    ];

    public IReadOnlyList<RankerHyperparameters> Grid { get; init; } = DefaultGrid;

    /// <summary>Cross-validation folds; each author's reviews sit in exactly one fold.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>LightGBM threads; 1 makes runs repeatable bit for bit, null lets LightGBM choose.</summary>
    public int? Threads { get; init; } = 1;
}

/// <summary>Cross-validated AUC of one grid point.</summary>
public sealed record GridPointResult(RankerHyperparameters Hyperparameters, double MeanAuc, double StdAuc, double NoProfileMeanAuc);

/// <summary>What a training run did and how long it took.</summary>
/// <param name="GridSearchSeconds">Wall time of the cross-validated grid search alone.</param>
/// <param name="TrainingSeconds">Wall time of the whole run: reading, grid search, final fits and saving.</param>
public sealed record RankerTrainingReport(
    string Layout,
    int Reviews,
    int Authors,
    int Products,
    int ProductsInCatalog,
    double DislikeRate,
    int Folds,
    IReadOnlyList<GridPointResult> Grid,
    RankerHyperparameters Chosen,
    double CvAuc,
    RankerHyperparameters NoProfileChosen,
    double NoProfileCvAuc,
    double GridSearchSeconds,
    double TrainingSeconds,
    string ModelPath);

/// <summary>
/// Trains the dislike model: a LightGBM binary classifier on profile, history and product features, chosen by
/// author-grouped cross-validated AUC, saved together with a no-profile twin that the evaluator uses as a baseline.
/// </summary>
public static class ReviewRanker
{
    /// <summary>Author folds of the out-of-fold product statistics of training rows.</summary>
    internal const int EncodingFolds = 5;

    /// <summary>Trains on every review file in <paramref name="dataDir"/> and writes the model to <paramref name="modelPath"/>.</summary>
    /// <param name="catalogPath">Sephora: the product catalog CSV. Olive Young: an ingredient table, or empty.</param>
    /// <exception cref="RankerDataException">The reviews or catalog cannot be read.</exception>
    public static RankerTrainingReport Train(
        string dataDir, string catalogPath, string modelPath, int seed, IProgress<string>? progress) =>
        Train(dataDir, catalogPath, modelPath, seed, progress, new RankerTrainingOptions());

    /// <inheritdoc cref="Train(string, string, string, int, IProgress{string}?)"/>
    public static RankerTrainingReport Train(
        string dataDir, string catalogPath, string modelPath, int seed, IProgress<string>? progress,
        RankerTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Folds, 2);
        if (options.Grid.Count == 0)
        {
            throw new ArgumentException("The grid is empty. Give at least one set of hyperparameters.", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        (ReviewLayout layout, IReadOnlyList<Review> reviews) = ReviewReader.ReadFolder(dataDir);
        IReadOnlyDictionary<string, ProductFacts> catalog = ProductFactsReader.Read(catalogPath, layout);
        progress?.Report($"Read {reviews.Count} {layout} reviews and {catalog.Count} catalog products.");

        var ml = new MLContext(seed);
        TimeSpan searchStart = clock.Elapsed;
        List<GridPointResult> grid = CrossValidate(ml, reviews, catalog, seed, options, progress);
        TimeSpan gridSearch = clock.Elapsed - searchStart;
        GridPointResult best = grid.MaxBy(g => g.MeanAuc)!;
        GridPointResult bestNoProfile = grid.MaxBy(g => g.NoProfileMeanAuc)!;
        progress?.Report(
            $"Chose {best.Hyperparameters} with cross-validated AUC {best.MeanAuc:F4} after a {gridSearch.TotalSeconds:F1} s grid search.");

        var statistics = ReviewStatistics.Fit((IReadOnlyCollection<Review>)reviews);
        FeatureSpace space = FeatureSpace.Fit((IReadOnlyCollection<Review>)reviews, catalog);
        var file = new RankerModelFile
        {
            State = new RankerState
            {
                Layout = layout,
                Seed = seed,
                TrainedOn = Path.GetFullPath(dataDir),
                Hyperparameters = best.Hyperparameters,
                NoProfileHyperparameters = bestNoProfile.Hyperparameters,
                Space = space,
                Statistics = statistics,
            },
            Model = FitExplained(ml, FeaturizeTraining(reviews, catalog, space, statistics, seed, true), best.Hyperparameters, seed, options.Threads),
            NoProfileModel = FitExplained(
                ml, FeaturizeTraining(reviews, catalog, space, statistics, seed, false), bestNoProfile.Hyperparameters, seed, options.Threads),
        };
        file.Save(ml, modelPath);
        clock.Stop();
        progress?.Report($"Saved {modelPath} after {clock.Elapsed.TotalSeconds:F1} s.");

        return new RankerTrainingReport(
            layout.ToString(),
            reviews.Count,
            reviews.Select(r => r.AuthorKey).Distinct().Count(),
            reviews.Select(r => r.ProductKey).Distinct().Count(),
            reviews.Select(r => r.ProductKey).Distinct().Count(catalog.ContainsKey),
            reviews.Average(r => r.Disliked ? 1.0 : 0.0),
            options.Folds,
            grid,
            best.Hyperparameters,
            best.MeanAuc,
            bestNoProfile.Hyperparameters,
            bestNoProfile.NoProfileMeanAuc,
            gridSearch.TotalSeconds,
            clock.Elapsed.TotalSeconds,
            Path.GetFullPath(modelPath));
    }

    /// <summary>
    /// Assigns a key (an author, or a file and row) to one of <paramref name="buckets"/> by a seeded SHA-256 hash,
    /// which gives the same bucket on every platform and .NET version.
    /// </summary>
    public static int HashBucket(string key, int seed, int buckets)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{seed}|{key}"));
        return (int)(BitConverter.ToUInt32(hash, 0) % (uint)buckets);
    }

    /// <summary>Builds the rows of reviews that <paramref name="statistics"/> did not see.</summary>
    internal static List<FeatureRow> Featurize(
        IEnumerable<Review> reviews, IReadOnlyDictionary<string, ProductFacts> catalog, FeatureSpace space,
        ReviewStatistics statistics, bool personal) =>
        [.. reviews.Select(r => new FeatureRow
        {
            Label = r.Disliked,
            Features = space.Build(r, catalog.GetValueOrDefault(r.ProductKey), statistics, false, personal),
        })];

    /// <summary>
    /// Builds the rows of the training reviews. Author history is leave-one-out over <paramref name="statistics"/>.
    /// Product and skin-type summaries come from out-of-fold statistics that exclude the row's author. At evaluation
    /// time a product's summary never contains the rating being predicted. A leave-one-out mean would differ here,
    /// because the model could read the label back from how far the mean moved.
    /// </summary>
    internal static List<FeatureRow> FeaturizeTraining(
        IReadOnlyList<Review> reviews, IReadOnlyDictionary<string, ProductFacts> catalog, FeatureSpace space,
        ReviewStatistics statistics, int seed, bool personal)
    {
        int[] bucket = [.. reviews.Select(r => HashBucket(r.AuthorKey, seed + 1, EncodingFolds))];
        ReviewStatistics[] outOfFold =
        [
            .. Enumerable.Range(0, EncodingFolds).Select(f =>
                ReviewStatistics.Fit(reviews.Where((_, i) => bucket[i] != f).ToList())),
        ];
        return
        [
            .. reviews.Select((r, i) => new FeatureRow
            {
                Label = r.Disliked,
                Features = space.Build(
                    r, catalog.GetValueOrDefault(r.ProductKey), statistics, true, personal, outOfFold[bucket[i]]),
            }),
        ];
    }

    /// <summary>
    /// Fits the model and appends ML.NET's feature contribution calculation, so a loaded model also returns each
    /// feature's share of the score in a <c>FeatureContributions</c> column.
    /// </summary>
    internal static ITransformer FitExplained(
        MLContext ml, List<FeatureRow> rows, RankerHyperparameters hyperparameters, int seed, int? threads)
    {
        var model = FitTyped(ml, rows, hyperparameters, seed, threads);
        IDataView data = RankerModelFile.ToDataView(ml, rows, rows[0].Features.Length);
        var contributions = ml.Transforms.CalculateFeatureContribution(model, normalize: false).Fit(model.Transform(data));
        return model.Append(contributions);
    }

    internal static ITransformer Fit(
        MLContext ml, List<FeatureRow> rows, RankerHyperparameters hyperparameters, int seed, int? threads) =>
        FitTyped(ml, rows, hyperparameters, seed, threads);

    private static BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> FitTyped(
        MLContext ml, List<FeatureRow> rows, RankerHyperparameters hyperparameters, int seed, int? threads)
    {
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = hyperparameters.NumberOfLeaves,
            LearningRate = hyperparameters.LearningRate,
            NumberOfIterations = hyperparameters.NumberOfIterations,
            MinimumExampleCountPerLeaf = hyperparameters.MinimumExampleCountPerLeaf,
            NumberOfThreads = threads,
            Seed = seed,
            Silent = true,
        });
        return trainer.Fit(RankerModelFile.ToDataView(ml, rows, rows[0].Features.Length));
    }

    internal static double[] PredictDislike(MLContext ml, ITransformer model, List<FeatureRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        IDataView scored = model.Transform(RankerModelFile.ToDataView(ml, rows, rows[0].Features.Length));
        return [.. scored.GetColumn<float>("Probability").Select(p => (double)p)];
    }

    private static List<GridPointResult> CrossValidate(
        MLContext ml, IReadOnlyList<Review> reviews, IReadOnlyDictionary<string, ProductFacts> catalog, int seed,
        RankerTrainingOptions options, IProgress<string>? progress)
    {
        // Statistics and vocabularies are refitted on each training fold, so a validation author looks exactly like
        // an unseen author at evaluation time.
        var folds = new List<(List<FeatureRow> Train, List<FeatureRow> Valid, List<FeatureRow> TrainBase, List<FeatureRow> ValidBase)>();
        for (int fold = 0; fold < options.Folds; fold++)
        {
            var train = reviews.Where(r => HashBucket(r.AuthorKey, seed, options.Folds) != fold).ToList();
            var valid = reviews.Where(r => HashBucket(r.AuthorKey, seed, options.Folds) == fold).ToList();
            var statistics = ReviewStatistics.Fit(train);
            FeatureSpace space = FeatureSpace.Fit(train, catalog);
            folds.Add((
                FeaturizeTraining(train, catalog, space, statistics, seed, true),
                Featurize(valid, catalog, space, statistics, true),
                FeaturizeTraining(train, catalog, space, statistics, seed, false),
                Featurize(valid, catalog, space, statistics, false)));
        }

        var results = new List<GridPointResult>();
        foreach (RankerHyperparameters point in options.Grid)
        {
            var aucs = new List<double>();
            var baseAucs = new List<double>();
            foreach (var f in folds)
            {
                aucs.Add(ValidationAuc(ml, f.Train, f.Valid, point, seed, options.Threads));
                baseAucs.Add(ValidationAuc(ml, f.TrainBase, f.ValidBase, point, seed, options.Threads));
            }

            double mean = aucs.Average();
            double std = Math.Sqrt(aucs.Sum(a => (a - mean) * (a - mean)) / aucs.Count);
            results.Add(new GridPointResult(point, mean, std, baseAucs.Average()));
            progress?.Report($"Grid {point}: AUC {mean:F4} ± {std:F4}, without profile {baseAucs.Average():F4}.");
        }

        return results;
    }

    private static double ValidationAuc(
        MLContext ml, List<FeatureRow> train, List<FeatureRow> valid, RankerHyperparameters point, int seed, int? threads)
    {
        ITransformer model = Fit(ml, train, point, seed, threads);
        double[] scores = PredictDislike(ml, model, valid);
        return RankingMetrics.Auc(scores, [.. valid.Select(v => v.Label)]);
    }
}
