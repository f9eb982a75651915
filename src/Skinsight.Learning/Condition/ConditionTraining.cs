using System.Diagnostics;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Data;
using Skinsight.Learning.Evaluation;
using Skinsight.Learning.Features;
using Skinsight.Learning.Training;
using static TorchSharp.torch;

namespace Skinsight.Learning.Condition;

/// <summary>The model folder written by a training run and its validation scores.</summary>
public sealed record ConditionTrainingResult(
    string ModelDirectory,
    ConditionModelInfo Info,
    ClassificationMetrics Validation,
    ReferralOutcome Referral,
    TimeSpan Elapsed);

/// <summary>Scores of a saved model on one split of a data folder.</summary>
/// <param name="LesionDisjoint">
/// The same scores on the images whose lesion has no image in the training split (or, in a held-out copy, in the
/// shared rows), or null when no image is known to show an unseen lesion.
/// </param>
public sealed record ConditionEvaluation(
    string Split,
    ClassificationMetrics Metrics,
    ReferralOutcome Referral,
    double ImagesPerSecond,
    ClassificationMetrics? LesionDisjoint = null);

/// <summary>
/// Entry points for training and evaluating the seven-class skin-condition classifier on a HAM10000 folder with the
/// DermaMNIST split (see <see cref="DermaMnistDataSet"/>).
/// </summary>
public static class ConditionTraining
{
    /// <summary>
    /// Trains on the train split of <paramref name="dataDir"/>, picks the referral threshold on its validation split,
    /// and saves the model folder to <paramref name="outPath"/>.
    /// </summary>
    /// <exception cref="DataSetException">The data folder is missing files or rows.</exception>
    /// <exception cref="ModelFormatException">The pretrained ResNet-18 files are missing.</exception>
    /// <exception cref="LearningException"><paramref name="outPath"/> contains the weights of another model.</exception>
    public static ConditionTrainingResult Train(
        string dataDir,
        string outPath,
        int epochs,
        int seed,
        IProgress<TrainingProgress>? progress = null,
        ConditionTrainingOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        options ??= new ConditionTrainingOptions();
        ModelFolder.RequireOwnOrNew(outPath, ConditionModelFiles.InfoFileName);
        var clock = Stopwatch.StartNew();

        IReadOnlyList<LabeledImage> train = DermaMnistDataSet.Load(dataDir, options.TrainSplit);
        IReadOnlyList<LabeledImage> validation = DermaMnistDataSet.Load(dataDir, options.ValidationSplit);
        float[][] probabilities;
        ConditionNetwork network;
        if (options.Kind == ConditionModelKind.FrozenBackbone)
        {
            // The validation features are already extracted, so the head scores them without a second backbone pass.
            (network, probabilities) = TrainHead(train, validation, epochs, seed, progress, options);
        }
        else
        {
            network = FineTuner.Train(train, validation, epochs, seed, progress, options);

            // Rounded first, so the stored scores and threshold are those of the float16 weights that are saved.
            HalfPrecisionWeights.Round(network);
            probabilities = PredictImages(network, validation, SavedViews(options), options.BatchSize, out _);
        }

        using var disposeNetwork = network;
        int[] labels = validation.Select(v => v.Label).ToArray();
        ClassificationMetrics metrics = ClassificationMetrics.Compute(labels, probabilities, ConditionClasses.Codes);
        ReferralOutcome referral = ReferralThreshold.Choose(labels, probabilities, options.ReferralRecall);

        var info = new ConditionModelInfo(
            ConditionModelFiles.FormatVersion,
            options.Kind,
            options.InputSize,
            (options.Head ?? new HeadTrainingOptions()).HiddenUnits,
            ConditionClasses.Codes,
            referral.Threshold,
            DateTime.UtcNow,
            seed,
            epochs,
            Summarize(options.ValidationSplit, metrics, referral),
            Views: SavedViews(options));
        ConditionModelFiles.Save(outPath, network, info);
        if (options.CheckpointDirectory is { } checkpoint)
        {
            FineTuningCheckpoint.Delete(checkpoint);
        }

        return new ConditionTrainingResult(outPath, info, metrics, referral, clock.Elapsed);
    }

    /// <summary>Scores the model folder <paramref name="modelPath"/> on <paramref name="split"/> of <paramref name="dataDir"/>.</summary>
    /// <param name="trainingDataDir">
    /// Folder whose training rows the model learned from, for the lesion-disjoint score (default: <paramref name="dataDir"/>).
    /// </param>
    /// <exception cref="DataSetException">The data folder is missing files or has no rows of the split.</exception>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public static ConditionEvaluation Evaluate(
        string dataDir, string split, string modelPath, int batchSize = 32, string? trainingDataDir = null)
    {
        IReadOnlyList<LabeledImage> images = DermaMnistDataSet.Load(dataDir, split);
        (ConditionModelInfo info, ConditionNetwork network) = ConditionModelFiles.Load(modelPath);
        using (network)
        {
            float[][] probabilities = PredictImages(
                network, images, info.AveragedViews, batchSize, out double imagesPerSecond);
            int[] labels = images.Select(i => i.Label).ToArray();
            var metrics = ClassificationMetrics.Compute(labels, probabilities, ConditionClasses.Codes);
            var referral = ReferralThreshold.Measure(labels, probabilities, info.ReferralThreshold);
            ClassificationMetrics? disjoint = LesionDisjointMetrics(
                images, labels, probabilities, DermaMnistDataSet.TrainingLesionIds(trainingDataDir ?? dataDir));
            return new ConditionEvaluation(split, metrics, referral, imagesPerSecond, disjoint);
        }
    }

    /// <summary>
    /// Scores only the images whose lesion has no image the model could have learned from, because HAM10000 has
    /// several images of many lesions and the DermaMNIST split is by image, so a seen lesion inflates the score.
    /// An image's own <see cref="LabeledImage.LesionAlsoInShared"/> flag decides when present; otherwise its lesion id
    /// is looked up in <paramref name="trainingLesions"/>. Returns null when no image is known to be unseen.
    /// </summary>
    internal static ClassificationMetrics? LesionDisjointMetrics(
        IReadOnlyList<LabeledImage> images,
        IReadOnlyList<int> labels,
        IReadOnlyList<float[]> probabilities,
        IReadOnlySet<string>? trainingLesions)
    {
        var unseen = Enumerable.Range(0, images.Count).Where(i => IsUnseenLesion(images[i], trainingLesions)).ToArray();
        return unseen.Length == 0
            ? null
            : ClassificationMetrics.Compute(
                unseen.Select(i => labels[i]).ToArray(), unseen.Select(i => probabilities[i]).ToArray(), ConditionClasses.Codes);
    }

    private static bool IsUnseenLesion(LabeledImage image, IReadOnlySet<string>? trainingLesions)
    {
        if (image.LesionAlsoInShared is { } alsoInShared)
        {
            return !alsoInShared;
        }

        return trainingLesions is not null && image.LesionId is { } lesion && !trainingLesions.Contains(lesion);
    }

    /// <summary>
    /// Returns the mean time of one fine-tuning step (augmentation, forward, backward, update) of
    /// <paramref name="batchSize"/> random images at <paramref name="inputSize"/> pixels, to size a run before starting it.
    /// </summary>
    public static TimeSpan MeasureFineTuningStep(int inputSize, int batchSize, int steps = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return ResNetFineTuning.MeasureStep(inputSize, batchSize, ConditionClasses.Count, steps);
    }

    /// <summary>Returns the softmax probabilities of <paramref name="network"/> for each image, in batches (one value per head output).</summary>
    /// <param name="flipAverage">Average over the 4 flips of each image instead of one pass.</param>
    public static float[][] PredictImages(
        ConditionNetwork network,
        IReadOnlyList<LabeledImage> images,
        int size,
        int batchSize,
        out double imagesPerSecond,
        bool flipAverage = false) =>
        PredictImages(
            network, images, flipAverage ? ImageViews.Flips(size) : ImageViews.Single(size), batchSize, out imagesPerSecond);

    /// <summary>
    /// Returns the softmax probabilities of <paramref name="network"/> for each image, averaged over
    /// <paramref name="views"/>, in batches (one value per head output).
    /// </summary>
    public static float[][] PredictImages(
        ConditionNetwork network,
        IReadOnlyList<LabeledImage> images,
        IReadOnlyList<ViewScale> views,
        int batchSize,
        out double imagesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(views);
        network.eval();
        var clock = Stopwatch.StartNew();
        var probabilities = new float[images.Count][];
        for (int start = 0; start < images.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, images.Count - start);
            using var scope = NewDisposeScope();
            using var disabled = no_grad();
            Dictionary<int, Tensor> inputs = ImageViews.Sizes(views)
                .ToDictionary(size => size, size => ImageBatch.Load(images, start, count, size));
            Tensor output = ImageViews.Probabilities(network, inputs, views);
            int classes = (int)output.shape[1];
            float[] flat = output.data<float>().ToArray();
            for (int i = 0; i < count; i++)
            {
                probabilities[start + i] = flat.AsSpan(i * classes, classes).ToArray();
            }
        }

        imagesPerSecond = images.Count / clock.Elapsed.TotalSeconds;
        return probabilities;
    }

    /// <summary>
    /// Makes the fine-tuned model in <paramref name="modelPath"/> average over the views named
    /// <paramref name="viewsName"/> (see <see cref="ImageViews.Names"/>): scores the validation split of
    /// <paramref name="dataDir"/> with them, chooses the referral threshold again on those probabilities, and rewrites
    /// the model's description with both. The weights stay as they are.
    /// </summary>
    /// <exception cref="ModelFormatException">The model folder is missing, invalid or not a fine-tuned model.</exception>
    /// <exception cref="ArgumentException"><paramref name="viewsName"/> is not a known name.</exception>
    public static ConditionTrainingResult UseViews(
        string dataDir, string modelPath, string viewsName, string validationSplit = "val", double referralRecall = 0.9)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<LabeledImage> validation = DermaMnistDataSet.Load(dataDir, validationSplit);
        (ConditionModelInfo info, ConditionNetwork network) = ConditionModelFiles.Load(modelPath);
        using (network)
        {
            if (info.Kind != ConditionModelKind.FineTuned)
            {
                throw new ModelFormatException(
                    $"The condition model {modelPath} is a {info.Kind} model; view averaging is for fine-tuned models.");
            }

            IReadOnlyList<ViewScale> views = ImageViews.Parse(viewsName, info.InputSize);
            float[][] probabilities = PredictImages(network, validation, views, 32, out _);
            int[] labels = validation.Select(v => v.Label).ToArray();
            ClassificationMetrics metrics = ClassificationMetrics.Compute(labels, probabilities, ConditionClasses.Codes);
            ReferralOutcome referral = ReferralThreshold.Choose(labels, probabilities, referralRecall);
            info = info with
            {
                ReferralThreshold = referral.Threshold,
                Validation = Summarize(validationSplit, metrics, referral),
                FlipAverage = false,
                Views = views,
            };
            ConditionModelFiles.Save(modelPath, network, info);
            return new ConditionTrainingResult(modelPath, info, metrics, referral, clock.Elapsed);
        }
    }

    /// <summary>
    /// Returns the class probabilities of a batch [N, 3, H, W], or with <paramref name="flipAverage"/> their mean over
    /// the batch and its horizontal, vertical and double flips, which training showed the network as augmentation.
    /// </summary>
    internal static Tensor Probabilities(ConditionNetwork network, Tensor input, bool flipAverage)
    {
        int size = (int)input.shape[2];
        return ImageViews.Probabilities(
            network,
            new Dictionary<int, Tensor> { [size] = input },
            flipAverage ? ImageViews.Flips(size) : ImageViews.Single(size));
    }

    /// <summary>The views a trained model is saved with: one pass for a frozen-feature model, else those of the options.</summary>
    private static IReadOnlyList<ViewScale> SavedViews(ConditionTrainingOptions options) =>
        options.Kind == ConditionModelKind.FineTuned && options.Views is { } views
            ? views
            : ImageViews.Single(options.InputSize);

    private static (ConditionNetwork Network, float[][] ValidationProbabilities) TrainHead(
        IReadOnlyList<LabeledImage> train,
        IReadOnlyList<LabeledImage> validation,
        int epochs,
        int seed,
        IProgress<TrainingProgress>? progress,
        ConditionTrainingOptions options)
    {
        ResNet18Backbone backbone = PretrainedResNet18.Create();
        FeatureSet trainFeatures = Features(backbone, train, options.TrainSplit, options);
        FeatureSet validationFeatures = Features(backbone, validation, options.ValidationSplit, options);
        HeadTrainingOptions headOptions = (options.Head ?? new HeadTrainingOptions()) with { Epochs = epochs, Seed = seed };
        ClassifierHead head = HeadTrainer.Train(trainFeatures, headOptions, validationFeatures, progress);
        return (new ConditionNetwork(backbone, head), HeadTrainer.Predict(head, validationFeatures));
    }

    private static FeatureSet Features(
        ResNet18Backbone backbone,
        IReadOnlyList<LabeledImage> images,
        string split,
        ConditionTrainingOptions options)
    {
        if (options.FeatureCacheDirectory is null)
        {
            return FeatureExtractor.Extract(backbone, images, options.InputSize, options.BatchSize);
        }

        string cachePath = Path.Combine(options.FeatureCacheDirectory, $"{split}{options.InputSize}.bin");
        if (File.Exists(cachePath))
        {
            FeatureSet cached = FeatureSet.Load(cachePath);
            if (cached.ImageIds.SequenceEqual(images.Select(i => i.ImageId)))
            {
                return cached;
            }
        }

        FeatureSet features = FeatureExtractor.Extract(backbone, images, options.InputSize, options.BatchSize);
        features.Save(cachePath);
        return features;
    }

    private static ValidationSummary Summarize(string split, ClassificationMetrics metrics, ReferralOutcome referral) =>
        new(split, metrics.SampleCount, metrics.Accuracy, metrics.BalancedAccuracy, metrics.MacroAuc, referral.Recall, referral.FlagRate);
}
