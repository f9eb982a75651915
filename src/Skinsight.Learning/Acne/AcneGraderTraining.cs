using System.Diagnostics;
using Skinsight.Learning.Condition;

namespace Skinsight.Learning.Acne;

/// <summary>Progress of an acne grader training: a stage name and how far it is.</summary>
public sealed record AcneTrainingProgress(string Stage, int Done, int Total);

/// <summary>Result of scoring an acne grader on a folder.</summary>
public sealed record AcneGraderEvaluation(string Split, AcneGradeMetrics Metrics, IReadOnlyList<AcnePhoto> Photos);

/// <summary>
/// Trains and scores the learned acne grader: ImageNet ResNet-18 features of each photo and its tiles, then a
/// class-weighted multinomial logistic regression chosen on the val split of <see cref="AcneSplit"/>.
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
    public static AcneGraderInfo Train(
        string dataDir,
        string modelDir,
        int seed,
        string? cachePath,
        IProgress<AcneTrainingProgress>? progress = null)
    {
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
        (string Name, int Count)[] counts =
        [
            (AcneSplit.Train, train.Y.Length),
            (AcneSplit.Validation, validation.Y.Length),
            (AcneSplit.Test, test.Y.Length),
        ];
        foreach ((string name, int count) in counts)
        {
            if (count == 0)
            {
                throw new Core.InvalidInputException(
                    $"No photo of {dataDir} falls in the {name} split; training needs photos in train, val and test.");
            }
        }

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
        (_, ClassifierHead head) = AcneGraderModel.Load(modelDir);
        using (head)
        {
            float[][] features = AcneFeatureCache.Extract(photos, cachePath, Forward(progress, "Extracting features"));
            int[] predicted = AcneHeadTrainer.Predict(head, features);
            var metrics = AcneGradeMetrics.From(photos.Select(p => p.Grade).ToArray(), predicted);
            return new AcneGraderEvaluation(split ?? "all", metrics, photos);
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
