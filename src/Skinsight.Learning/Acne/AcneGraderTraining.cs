using System.Diagnostics;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Training;

namespace Skinsight.Learning.Acne;

/// <summary>Progress of an acne grader training: a stage name and how far it is.</summary>
public sealed record AcneTrainingProgress(string Stage, int Done, int Total);

/// <summary>Result of scoring an acne grader on a folder.</summary>
public sealed record AcneGraderEvaluation(string Split, AcneGradeMetrics Metrics, IReadOnlyList<AcnePhoto> Photos);

/// <summary>Settings of a fine-tuned acne grader run.</summary>
/// <param name="InputSize">Side in pixels that each photo is scaled to, a multiple of 32 from 64 to 640.</param>
/// <param name="Epochs">Total epochs; a resumed run trains only the ones still missing.</param>
/// <param name="FlipAverage">
/// Average each photo's probabilities over it and its flipped copies (4 passes), both when choosing the epoch on val
/// and in the saved model when <paramref name="Views"/> is null.
/// </param>
/// <param name="Views">
/// The views of each photo that the saved model averages its probabilities over, or null to use those of
/// <paramref name="FlipAverage"/>.
/// </param>
public sealed record AcneFineTuningOptions(
    int InputSize = 320, int Epochs = 8, int Seed = 1, bool FlipAverage = false, IReadOnlyList<ViewScale>? Views = null)
{
    /// <summary>The views the saved model averages over.</summary>
    public IReadOnlyList<ViewScale> SavedViews =>
        Views ?? (FlipAverage ? ImageViews.Flips(InputSize) : ImageViews.Single(InputSize));

    /// <summary>Photos per training batch.</summary>
    public const int BatchSize = 16;

    /// <summary>
    /// Returns the fine-tuning run: 4 grades and rotations up to 10 degrees, less than for dermoscopy, because faces
    /// are photographed upright.
    /// </summary>
    public FineTuningRun ToRun() => new(
        AcneGradeMetrics.GradeCount,
        InputSize,
        BatchSize,
        Epochs,
        Seed,
        new FineTuningOptions(MaxRotationDegrees: 10, ColourJitter: 0.1),
        LaterEpochWinsTies: true,
        FlipAveragedScore: FlipAverage);
}

/// <summary>
/// Trains and scores the learned acne grader, either ImageNet ResNet-18 features of each photo and its tiles with a
/// class-weighted multinomial logistic regression, or the whole ResNet-18 fine-tuned with a 4-grade head. Every
/// choice is made on the val split of <see cref="AcneSplit"/>.
/// </summary>
public static class AcneGraderTraining
{
    /// <summary>Feature description recorded in the model folder.</summary>
    public const string FeatureDescription =
        "ImageNet ResNet-18 (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0) features of the whole photo at 224x224, "
        + "then the mean and the max over a 2x2 grid of tiles of the central 80% of the photo, each at 224x224 (1536 values)";

    /// <summary>The head settings tried; the one with the best val accuracy is kept.</summary>
    public static IReadOnlyList<AcneHeadOptions> Candidates(int seed) =>
        [.. from power in new[] { 0.0, 0.5, 1.0 }
            from decay in new[] { 1e-4, 1e-3, 1e-2, 1e-1 }
            from epochs in new[] { 50, 100, 200, 400 }
            select new AcneHeadOptions(Epochs: epochs, WeightDecay: decay, ClassWeightPower: power, Seed: seed)];

    /// <summary>Extracts features, picks the head on val, measures it once on test and saves it to <paramref name="modelDir"/>.</summary>
    /// <exception cref="Core.InvalidInputException">The folder is not laid out like ACNE04 or a split is empty.</exception>
    /// <exception cref="LearningException"><paramref name="modelDir"/> contains the weights of another model.</exception>
    public static AcneGraderInfo Train(
        string dataDir,
        string modelDir,
        int seed,
        string? cachePath,
        IProgress<AcneTrainingProgress>? progress = null)
    {
        ModelFolder.RequireOwnOrNew(modelDir, AcneGraderModel.InfoFileName);
        IReadOnlyList<AcnePhoto> photos = AcneDataSet.Read(dataDir);
        var clock = Stopwatch.StartNew();
        float[][] features = AcneFeatureCache.Extract(photos, cachePath, Forward(progress, "Extracting features"));
        double featureSeconds = clock.Elapsed.TotalSeconds;

        (float[][] X, int[] Y) Part(string split)
        {
            int[] rows = Enumerable.Range(0, photos.Count).Where(i => photos[i].Split == split).ToArray();
            return (rows.Select(i => features[i]).ToArray(), rows.Select(i => photos[i].Grade).ToArray());
        }

        var train = Part(AcneSplit.Train);
        var validation = Part(AcneSplit.Validation);
        var test = Part(AcneSplit.Test);
        RequireSplits(dataDir, train.Y.Length, validation.Y.Length, test.Y.Length);

        clock.Restart();
        IReadOnlyList<AcneHeadOptions> settings = Candidates(seed);
        var tried = new List<AcneCandidate>();
        for (int i = 0; i < settings.Count; i++)
        {
            (ClassifierHead head, _) = AcneHeadTrainer.Train(train.X, train.Y, settings[i]);
            using (head)
            {
                var metrics = AcneGradeMetrics.From(validation.Y, AcneHeadTrainer.Predict(head, validation.X));
                tried.Add(new AcneCandidate(settings[i], metrics.SeverityAccuracy, metrics.MeanAbsoluteGradeError));
            }

            progress?.Report(new AcneTrainingProgress("Choosing the head on val", i + 1, settings.Count));
        }

        // Highest val accuracy wins; ties go to the smaller grade error, then to the earlier (simpler) setting.
        AcneCandidate best = tried
            .OrderByDescending(c => c.ValidationAccuracy)
            .ThenBy(c => c.ValidationGradeError)
            .First();
        (ClassifierHead chosen, _) = AcneHeadTrainer.Train(train.X, train.Y, best.Options);
        using (chosen)
        {
            var info = new AcneGraderInfo(
                best.Options,
                FeatureDescription,
                train.Y.Length,
                AcneGradeMetrics.From(validation.Y, AcneHeadTrainer.Predict(chosen, validation.X)),
                AcneGradeMetrics.From(test.Y, AcneHeadTrainer.Predict(chosen, test.X)),
                tried,
                Path.GetFullPath(dataDir),
                DateTime.UtcNow,
                Math.Round(featureSeconds, 1),
                Math.Round(clock.Elapsed.TotalSeconds, 1));
            AcneGraderModel.Save(modelDir, chosen, info);
            return info;
        }
    }

    /// <summary>
    /// Fine-tunes the ImageNet ResNet-18 with a 4-grade head on the train split, keeps the epoch with the best val
    /// accuracy, measures it once on test and saves it to <paramref name="modelDir"/> as float16 weights.
    /// </summary>
    /// <remarks>
    /// A checkpoint is kept in <c>checkpoint/</c> of <paramref name="modelDir"/> after every epoch, so the same call
    /// resumes an interrupted run; it is deleted once the model is saved.
    /// </remarks>
    /// <exception cref="Core.InvalidInputException">The folder is not laid out like ACNE04 or a split is empty.</exception>
    /// <exception cref="LearningException">
    /// The checkpoint folder contains a run with other settings, or <paramref name="modelDir"/> contains the weights
    /// of another model.
    /// </exception>
    public static AcneGraderInfo FineTune(
        string dataDir,
        string modelDir,
        AcneFineTuningOptions options,
        IProgress<AcneTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelFolder.RequireOwnOrNew(modelDir, AcneGraderModel.InfoFileName);
        IReadOnlyList<AcnePhoto> photos = AcneDataSet.Read(dataDir);
        List<LabeledImage> train = SplitImages(photos, AcneSplit.Train);
        List<LabeledImage> validation = SplitImages(photos, AcneSplit.Validation);
        List<LabeledImage> test = SplitImages(photos, AcneSplit.Test);
        RequireSplits(dataDir, train.Count, validation.Count, test.Count);

        FineTuningRun run = options.ToRun();
        string checkpoint = Path.Combine(modelDir, CheckpointFolderName);
        var reporter = progress is null ? null : new Relay<TrainingProgress>(p => progress.Report(Describe(p)));
        FineTuningResult result = ResNetFineTuning.Train(train, validation, run,
            network =>
            {
                double accuracy = Accuracy(network, validation, run.InputSize, options.FlipAverage);
                return (accuracy, accuracy);
            },
            checkpoint, reporter, cancellationToken);
        using ConditionNetwork network = result.Network;

        // Rounded first, so the val and test scores are those of the weights that ship.
        HalfPrecisionWeights.Round(network);
        var info = new AcneGraderInfo(
            null,
            $"ImageNet ResNet-18 fine-tuned with a 4-grade head on the whole photo at {run.InputSize}x{run.InputSize}",
            train.Count,
            Score(network, validation, options.SavedViews),
            Score(network, test, options.SavedViews),
            null,
            Path.GetFullPath(dataDir),
            DateTime.UtcNow,
            0,
            Math.Round(result.History.Sum(e => e.Seconds), 1),
            AcneGraderKind.FineTuned,
            run,
            result.BestEpoch,
            result.History,
            Views: options.SavedViews);
        AcneGraderModel.SaveFineTuned(modelDir, network, info);
        FineTuningCheckpoint.Delete(checkpoint);
        return info;
    }

    /// <summary>
    /// Trains the lesion detector on the train split's boxes, keeps the epoch with the lowest val count error,
    /// measures it once on test and saves it to <paramref name="modelDir"/> as float16 weights. A checkpoint is kept
    /// in <c>checkpoint/</c> of <paramref name="modelDir"/> after every epoch, so the same call resumes an interrupted
    /// run; it is deleted once the model is saved.
    /// </summary>
    /// <param name="mirrorAverage">Average the maps of each photo and its mirror image in the saved model.</param>
    /// <exception cref="Core.InvalidInputException">The folder is not laid out like ACNE04, an annotation is invalid, or a split is empty.</exception>
    /// <exception cref="LearningException"><paramref name="modelDir"/> contains the weights of another model.</exception>
    public static AcneGraderInfo TrainLesionCounting(
        string dataDir,
        string modelDir,
        AcneLesionTrainingOptions options,
        bool mirrorAverage,
        IProgress<AcneTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelFolder.RequireOwnOrNew(modelDir, AcneGraderModel.InfoFileName);
        IReadOnlyList<AcneLesionPhoto> photos = AcneLesionDataSet.Read(dataDir);
        List<AcneLesionPhoto> Part(string split) => [.. photos.Where(p => p.Photo.Split == split)];
        List<AcneLesionPhoto> train = Part(AcneSplit.Train), validation = Part(AcneSplit.Validation), test = Part(AcneSplit.Test);
        RequireSplits(dataDir, train.Count, validation.Count, test.Count);

        var reporter = progress is null ? null : new Relay<TrainingProgress>(p => progress.Report(Describe(p)));
        string checkpoint = Path.Combine(modelDir, CheckpointFolderName);
        AcneLesionTrainingResult result = AcneLesionTraining.Train(train, validation, options, checkpoint, reporter, cancellationToken);
        using AcneLesionNetwork network = result.Network;

        // Rounded first, so the val and test scores are those of the weights that ship.
        HalfPrecisionWeights.Round(network);
        (AcneLesionCounting counting, AcneGradeMetrics valMetrics, AcneGradeMetrics testMetrics) =
            Calibrate(network, validation, test, options, mirrorAverage, result.History);
        var info = new AcneGraderInfo(
            null,
            $"Lesion density and centres on the 1/8 grid of the ImageNet ResNet-18 (stages 1-3), fine-tuned on the whole "
                + $"photo at {options.InputSize}x{options.InputSize}; the summed density is the count, graded by the Hayashi criterion",
            train.Count,
            valMetrics,
            testMetrics,
            null,
            Path.GetFullPath(dataDir),
            DateTime.UtcNow,
            0,
            Math.Round(result.Seconds, 1),
            AcneGraderKind.LesionCounting,
            BestEpoch: result.BestEpoch,
            LesionCounting: counting);
        AcneGraderModel.SaveLesionCounting(modelDir, network, info);
        FineTuningCheckpoint.Delete(checkpoint);
        return info;
    }

    /// <summary>
    /// Fits the count calibration of the lesion-counting grader in <paramref name="modelDir"/> on the val split again,
    /// scores val and test with it and rewrites the description, leaving the weights as they are. Training ends with
    /// the same step, so this brings a model trained before the calibration existed up to date.
    /// </summary>
    /// <exception cref="ModelFormatException">The folder is not a lesion-counting grader.</exception>
    public static AcneGraderInfo Recalibrate(string dataDir, string modelDir)
    {
        (AcneGraderInfo info, AcneLesionDetector detector) = AcneGraderModel.LoadLesionCounting(modelDir);
        using (detector)
        {
            IReadOnlyList<AcneLesionPhoto> photos = AcneLesionDataSet.Read(dataDir);
            List<AcneLesionPhoto> validation = [.. photos.Where(p => p.Photo.Split == AcneSplit.Validation)];
            List<AcneLesionPhoto> test = [.. photos.Where(p => p.Photo.Split == AcneSplit.Test)];
            AcneLesionCounting old = info.LesionCounting!;
            (AcneLesionCounting counting, AcneGradeMetrics valMetrics, AcneGradeMetrics testMetrics) =
                Calibrate(detector.Network, validation, test, old.Options, old.MirrorAverage, old.History);
            AcneGraderInfo updated = info with { LesionCounting = counting, Validation = valMetrics, Test = testMetrics };
            AcneGraderModel.WriteInfo(modelDir, updated);
            return updated;
        }
    }

    /// <summary>
    /// Makes the fine-tuned grader in <paramref name="modelDir"/> average over the views named
    /// <paramref name="viewsName"/> (see <see cref="ImageViews.Names"/>), scores val and test with them and rewrites
    /// the description, leaving the weights as they are.
    /// </summary>
    /// <exception cref="ModelFormatException">The folder is not a fine-tuned grader.</exception>
    /// <exception cref="ArgumentException"><paramref name="viewsName"/> is not a known name.</exception>
    public static AcneGraderInfo UseViews(string dataDir, string modelDir, string viewsName)
    {
        (AcneGraderInfo info, ConditionNetwork network) = AcneGraderModel.LoadFineTuned(modelDir);
        using (network)
        {
            IReadOnlyList<ViewScale> views = ImageViews.Parse(viewsName, info.FineTuning!.InputSize);
            IReadOnlyList<AcnePhoto> photos = AcneDataSet.Read(dataDir);
            AcneGraderInfo updated = info with
            {
                Validation = Score(network, SplitImages(photos, AcneSplit.Validation), views),
                Test = Score(network, SplitImages(photos, AcneSplit.Test), views),
                FlipAverage = false,
                Views = views,
            };
            AcneGraderModel.WriteInfo(modelDir, updated);
            return updated;
        }
    }

    /// <summary>Grades the photos of <paramref name="split"/> (every photo when null) with the model in <paramref name="modelDir"/>.</summary>
    /// <exception cref="Core.InvalidInputException">The folder is not laid out like ACNE04 or the split is empty.</exception>
    /// <exception cref="ModelFormatException">The model folder is missing a file or does not match.</exception>
    public static AcneGraderEvaluation Evaluate(
        string dataDir,
        string? split,
        string modelDir,
        string? cachePath,
        IProgress<AcneTrainingProgress>? progress = null)
    {
        IReadOnlyList<AcnePhoto> photos = AcneDataSet.Read(dataDir, split);
        int[] labels = photos.Select(p => p.Grade).ToArray();
        AcneGraderKind kind = AcneGraderModel.ReadInfo(modelDir).Kind;
        if (kind == AcneGraderKind.LesionCounting)
        {
            (_, AcneLesionDetector detector) = AcneGraderModel.LoadLesionCounting(modelDir);
            using (detector)
            {
                var grades = new int[photos.Count];
                for (int i = 0; i < photos.Count; i++)
                {
                    grades[i] = detector.Detect(photos[i].ImagePath).Grade;
                    progress?.Report(new AcneTrainingProgress("Counting lesions", i + 1, photos.Count));
                }

                return new AcneGraderEvaluation(split ?? "all", AcneGradeMetrics.From(labels, grades), photos);
            }
        }

        if (kind == AcneGraderKind.FineTuned)
        {
            (AcneGraderInfo info, ConditionNetwork network) = AcneGraderModel.LoadFineTuned(modelDir);
            using (network)
            {
                var images = photos.Select(p => new LabeledImage(p.ImageFile, p.ImagePath, p.Grade, p.Split)).ToList();
                progress?.Report(new AcneTrainingProgress("Grading photos", 0, images.Count));
                int[] grades = Grades(network, images, info.AveragedViews);
                progress?.Report(new AcneTrainingProgress("Grading photos", images.Count, images.Count));
                return new AcneGraderEvaluation(split ?? "all", AcneGradeMetrics.From(labels, grades), photos);
            }
        }

        (_, ClassifierHead head) = AcneGraderModel.Load(modelDir);
        using (head)
        {
            float[][] features = AcneFeatureCache.Extract(photos, cachePath, Forward(progress, "Extracting features"));
            int[] predicted = AcneHeadTrainer.Predict(head, features);
            var metrics = AcneGradeMetrics.From(labels, predicted);
            return new AcneGraderEvaluation(split ?? "all", metrics, photos);
        }
    }

    private static List<double> Counts(AcneLesionNetwork network, IReadOnlyList<AcneLesionPhoto> photos, int inputSize, bool mirrorAverage) =>
        AcneLesionTraining.Counts(
            network, photos.Select(p => Data.ImageTensorLoader.Load(p.Photo.ImagePath, inputSize)), inputSize, mirrorAverage);

    /// <summary>
    /// Counts val and test, fits the count calibration on val (<see cref="AcneCountCalibration.Fit"/>) and returns it,
    /// with the spread of the calibrated val counts' errors, and the calibrated val and test grades.
    /// </summary>
    private static (AcneLesionCounting Counting, AcneGradeMetrics Validation, AcneGradeMetrics Test) Calibrate(
        AcneLesionNetwork network,
        IReadOnlyList<AcneLesionPhoto> validation,
        IReadOnlyList<AcneLesionPhoto> test,
        AcneLesionTrainingOptions options,
        bool mirrorAverage,
        IReadOnlyList<AcneLesionEpoch> history)
    {
        List<double> valCounts = Counts(network, validation, options.InputSize, mirrorAverage);
        List<double> testCounts = Counts(network, test, options.InputSize, mirrorAverage);
        AcneCountCalibration calibration = AcneCountCalibration.Fit(valCounts, [.. validation.Select(p => p.Lesions.Count)]);
        List<double> valCalibrated = [.. valCounts.Select(calibration.Apply)];
        List<double> testCalibrated = [.. testCounts.Select(calibration.Apply)];
        var counting = new AcneLesionCounting(
            options,
            mirrorAverage,
            Math.Round(CountMae(valCalibrated, validation), 3),
            Math.Round(CountMae(testCalibrated, test), 3),
            history,
            calibration,
            Math.Round(CountMae(valCounts, validation), 3),
            Math.Round(CountMae(testCounts, test), 3),
            Math.Round(AcneGradeFusion.LogSpread(
                [.. valCalibrated.Select(AcneLesionDetector.RoundCount)], [.. validation.Select(p => p.Lesions.Count)]), 4));
        return (counting, CountGrades(valCalibrated, validation), CountGrades(testCalibrated, test));
    }

    private static AcneGradeMetrics CountGrades(List<double> counts, IReadOnlyList<AcneLesionPhoto> photos) =>
        AcneGradeMetrics.From(
            photos.Select(p => p.Photo.Grade).ToArray(),
            counts.Select(c => AcneLesionDetector.HayashiGrade(AcneLesionDetector.RoundCount(c))).ToArray());

    private static double CountMae(List<double> counts, IReadOnlyList<AcneLesionPhoto> photos) =>
        Enumerable.Range(0, photos.Count).Average(i => Math.Abs(AcneLesionDetector.RoundCount(counts[i]) - photos[i].Lesions.Count));

    /// <summary>Folder of <c>modelDir</c> where fine-tuning keeps its checkpoint.</summary>
    public const string CheckpointFolderName = "checkpoint";

    private const int PredictionBatchSize = 16;

    /// <summary>Returns the photos of one split as labelled images, with the grade as the label.</summary>
    private static List<LabeledImage> SplitImages(IReadOnlyList<AcnePhoto> photos, string split) =>
        [.. photos.Where(p => p.Split == split).Select(p => new LabeledImage(p.ImageFile, p.ImagePath, p.Grade, split))];

    private static int[] Grades(ConditionNetwork network, IReadOnlyList<LabeledImage> images, IReadOnlyList<ViewScale> views) =>
        ConditionTraining.PredictImages(network, images, views, PredictionBatchSize, out _)
            .Select(p => Array.IndexOf(p, p.Max()))
            .ToArray();

    private static double Accuracy(ConditionNetwork network, IReadOnlyList<LabeledImage> images, int inputSize, bool flipAverage)
    {
        int[] grades = Grades(network, images, flipAverage ? ImageViews.Flips(inputSize) : ImageViews.Single(inputSize));
        return (double)Enumerable.Range(0, images.Count).Count(i => grades[i] == images[i].Label) / images.Count;
    }

    private static AcneGradeMetrics Score(ConditionNetwork network, IReadOnlyList<LabeledImage> images, IReadOnlyList<ViewScale> views) =>
        AcneGradeMetrics.From(images.Select(i => i.Label).ToArray(), Grades(network, images, views));

    private static AcneTrainingProgress Describe(TrainingProgress p)
    {
        string stage = p.ValidationAccuracy is { } accuracy
            ? FormattableString.Invariant($"Epoch {p.Epoch}/{p.Epochs}: loss {p.TrainLoss:0.000}, val accuracy {accuracy:0.000}")
            : FormattableString.Invariant($"Epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}: loss {p.TrainLoss:0.000}");
        int batches = Math.Max(p.Batches, 1);
        int done = p.Batches == 0 ? p.Epoch * batches : ((p.Epoch - 1) * batches) + p.Batch;
        return new AcneTrainingProgress(stage, done, p.Epochs * batches);
    }

    private static void RequireSplits(string dataDir, int train, int validation, int test)
    {
        (string Name, int Count)[] counts = [(AcneSplit.Train, train), (AcneSplit.Validation, validation), (AcneSplit.Test, test)];
        foreach ((string name, int count) in counts)
        {
            if (count == 0)
            {
                throw new Core.InvalidInputException(
                    $"No photo of {dataDir} falls in the {name} split; training needs photos in train, val and test.");
            }
        }
    }

    private static IProgress<AcneExtractionProgress>? Forward(IProgress<AcneTrainingProgress>? progress, string stage) =>
        progress is null
            ? null
            : new Relay<AcneExtractionProgress>(p => progress.Report(new AcneTrainingProgress(stage, p.Done, p.Total)));

    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
