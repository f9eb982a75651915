using System.Diagnostics;
using OpenCvSharp;
using Skinsight.Core.IO;
using Skinsight.Learning.Training;
using Skinsight.Vision.Lesions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Size = OpenCvSharp.Size;

namespace Skinsight.Learning.Segmentation;

/// <summary>Progress within a lesion segmenter training run, reported after every batch and after each validation.</summary>
/// <param name="TrainLoss">Running mean loss over the epoch's training batches so far.</param>
/// <param name="ValidationJaccard">Val mean Jaccard after the last finished epoch, or null before the first.</param>
public sealed record LesionSegmenterProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double TrainLoss,
    double? ValidationJaccard,
    TimeSpan Elapsed);

/// <summary>Trains, resumes and applies the lesion U-Net.</summary>
public static class LesionSegmentationTraining
{
    /// <summary>Probability above which an upsampled pixel counts as lesion.</summary>
    public const float Threshold = 0.5f;

    /// <summary>Split of metadata.csv that training reads.</summary>
    public const string TrainSplit = "train";

    /// <summary>Split of metadata.csv that picks the epoch kept.</summary>
    public const string ValidationSplit = "val";

    private const int PredictionBatchSize = 64;
    private const string CheckpointWeights = "last.bin";
    private const string CheckpointOptimizer = "optimizer.bin";

    /// <summary>
    /// Trains the U-Net on the train rows of <paramref name="dataDir"/> and saves the weights of the epoch with the
    /// highest val mean Jaccard to <paramref name="directory"/>.
    /// </summary>
    /// <remarks>
    /// The last epoch's weights and optimiser state are kept in <c>checkpoint/</c> while training runs, so a second
    /// call with the same folder and options resumes after the last finished epoch with the same batches. The
    /// checkpoint is deleted once the last epoch is done.
    /// </remarks>
    /// <exception cref="LearningException">
    /// The data folder is invalid or too small, or the model folder contains an unfinished run with other options.
    /// </exception>
    public static LesionSegmenterInfo Train(
        string dataDir,
        string directory,
        LesionSegmenterTrainingOptions options,
        IProgress<LesionSegmenterProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var train = LoadSplit(dataDir, TrainSplit, options, keepFullMasks: false);
        var validation = LoadSplit(dataDir, ValidationSplit, options, keepFullMasks: true);
        if (train.Count < options.BatchSize)
        {
            throw new DataSetException($"The data folder {dataDir} has {train.Count} train rows; training needs at "
                + $"least {options.BatchSize} (one batch).");
        }

        random.manual_seed(options.Seed);
        using var network = new LesionUNet(options.Width);
        using var optimizer = optim.AdamW(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        Directory.CreateDirectory(directory);
        LesionSegmenterInfo? resumed = Resume(directory, options, network, optimizer);
        var history = resumed?.History.ToList() ?? [];
        double previousSeconds = resumed?.TrainingSeconds ?? 0;
        int bestEpoch = resumed?.BestEpoch ?? 0;
        double bestJaccard = resumed?.ValidationJaccard ?? double.NegativeInfinity;
        int batches = train.Count / options.BatchSize;
        Directory.CreateDirectory(Path.Combine(directory, LesionSegmenterFiles.CheckpointFolderName));

        for (int epoch = history.Count + 1; epoch <= options.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            double? lastValidation = history.Count > 0 ? history[^1].ValidationJaccard : null;
            double loss = TrainEpoch(network, optimizer, train, options, epoch, batches,
                (batch, running) => progress?.Report(new LesionSegmenterProgress(epoch, options.Epochs, batch,
                    batches, running, lastValidation, clock.Elapsed)),
                cancellationToken);

            var (dice, jaccard) = Score(network, validation);
            history.Add(new LesionSegmenterEpoch(epoch, loss, jaccard, dice, epochClock.Elapsed.TotalSeconds));
            progress?.Report(new LesionSegmenterProgress(epoch, options.Epochs, batches, batches, loss, jaccard,
                clock.Elapsed));
            if (jaccard > bestJaccard)
            {
                bestJaccard = jaccard;
                bestEpoch = epoch;
                string weights = Path.Combine(directory, LesionSegmenterFiles.WeightsFileName);
                AtomicFile.Write(weights, path => network.save(path));
            }

            // The epoch's files first and the description last, so a run stopped while saving leaves the previous
            // epoch's description and the files it names.
            EpochFolders.Write(CheckpointRoot(directory), epoch, folder =>
            {
                network.save(Path.Combine(folder, CheckpointWeights));
                optimizer.save_state_dict(Path.Combine(folder, CheckpointOptimizer));
            });
            LesionSegmenterFiles.WriteInfo(directory, new LesionSegmenterInfo(options, epoch, bestEpoch, bestJaccard,
                train.Count, validation.Count, dataDir, DateTime.UtcNow, previousSeconds + clock.Elapsed.TotalSeconds,
                history));
            EpochFolders.DeleteOthers(CheckpointRoot(directory), epoch);
        }

        DisposeMasks(validation);
        Directory.Delete(Path.Combine(directory, LesionSegmenterFiles.CheckpointFolderName), recursive: true);
        return LesionSegmenterFiles.ReadInfo(directory);
    }

    /// <summary>
    /// Returns the lesion probability of every pixel of each stored input (<see cref="LesionSegmentationData.Inputs"/>
    /// layout, back to back): the mean of the network's output on the image and on its mirror image.
    /// </summary>
    public static float[] Probabilities(LesionUNet network, byte[] inputs, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        int length = 3 * width * height;
        int count = inputs.Length / length;
        var result = new float[count * width * height];
        network.eval();
        using var disabled = no_grad();
        for (int start = 0; start < count; start += PredictionBatchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(PredictionBatchSize, count - start);
            var pixels = new float[n * length];
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = inputs[(start * length) + i];
            }

            Tensor input = tensor(pixels, [n, 3, height, width]);
            Tensor mirrored = network.forward(input.flip(3)).flip(2);
            Tensor probability = (sigmoid(network.forward(input)) + sigmoid(mirrored)) / 2;
            probability.data<float>().CopyTo(result, start * width * height);
        }

        return result;
    }

    /// <summary>
    /// Turns the low-resolution probabilities of image <paramref name="index"/> into a mask of
    /// <paramref name="size"/>: bilinear upsampling, the 0.5 threshold, then only the largest component, hole-filled.
    /// </summary>
    /// <returns>An 8-bit mask: 255 on the lesion, 0 elsewhere.</returns>
    public static Mat ToMask(float[] probabilities, int index, int width, int height, Size size)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        using var small = new Mat(height, width, MatType.CV_32FC1);
        small.SetArray(probabilities.AsSpan(index * width * height, width * height).ToArray());
        using var large = new Mat();
        Cv2.Resize(small, large, size, 0, 0, InterpolationFlags.Linear);
        var mask = new Mat();
        Cv2.Threshold(large, large, Threshold, 255, ThresholdTypes.Binary);
        large.ConvertTo(mask, MatType.CV_8UC1);
        LesionSegmenter.KeepLargestComponent(mask);
        return mask;
    }

    /// <summary>Returns the mean Dice and mean Jaccard of the network's cleaned-up masks against the full-size masks.</summary>
    internal static (double Dice, double Jaccard) Score(LesionUNet network, LesionSegmentationData data)
    {
        float[] probabilities = Probabilities(network, data.Inputs, data.Width, data.Height);
        double dice = 0, jaccard = 0;
        for (int i = 0; i < data.Count; i++)
        {
            Mat truth = data.FullMasks[i];
            using Mat predicted = ToMask(probabilities, i, data.Width, data.Height, truth.Size());
            var (d, j) = LesionSegmentationEvaluation.Compare(predicted, truth);
            dice += d;
            jaccard += j;
        }

        return (Math.Round(dice / data.Count, 4), Math.Round(jaccard / data.Count, 4));
    }

    private static LesionSegmentationData LoadSplit(string dataDir, string split, LesionSegmenterTrainingOptions options,
        bool keepFullMasks) =>
        LesionSegmentationData.Load(dataDir, split, options.InputWidth, options.InputHeight, keepFullMasks);

    private static double TrainEpoch(
        LesionUNet network,
        OptimizerHelper optimizer,
        LesionSegmentationData data,
        LesionSegmenterTrainingOptions options,
        int epoch,
        int batches,
        Action<int, double> reportBatch,
        CancellationToken cancellationToken)
    {
        // Everything random in an epoch depends only on the seed and the epoch, so a resumed run gets the same batches.
        var epochRandom = new Random(EpochSeed(options.Seed, epoch));
        random.manual_seed(EpochSeed(options.Seed, epoch));
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        epochRandom.Shuffle(order);
        network.train();
        int width = data.Width, height = data.Height;
        double sum = 0;
        for (int batch = 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            LearningRateSchedule.Apply(
                optimizer,
                LearningRateSchedule.WarmupCosine(options.LearningRate, options.Epochs, ((epoch - 1) * batches) + batch, batches));
            var pixels = new float[options.BatchSize * 3 * width * height];
            var targets = new float[options.BatchSize * width * height];
            for (int i = 0; i < options.BatchSize; i++)
            {
                int index = order[(batch * options.BatchSize) + i];
                // Mirror images in both axes (both together are a half turn) and 15% contrast and brightness changes.
                // Quarter turns would change the aspect ratio.
                var augment = new Augmentation(epochRandom.Next(2) == 0, epochRandom.Next(2) == 0,
                    0.85f + (0.3f * epochRandom.NextSingle()), (epochRandom.NextSingle() - 0.5f) * 38f);
                CopySample(data, index, pixels, targets, i, augment);
            }

            optimizer.zero_grad();
            Tensor logits = network.forward(tensor(pixels, [options.BatchSize, 3, height, width]));
            Tensor loss = Loss(logits, tensor(targets, [options.BatchSize, height, width]));
            loss.backward();
            optimizer.step();
            sum += loss.item<float>();
            reportBatch(batch + 1, sum / (batch + 1));
        }

        return sum / batches;
    }

    /// <summary>Binary cross-entropy plus soft Dice loss (1 - Dice of the probabilities, per image, then averaged).</summary>
    internal static Tensor Loss(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        Tensor bce = nn.functional.binary_cross_entropy_with_logits(logits, targets);
        Tensor probability = sigmoid(logits);
        Tensor overlap = (probability * targets).sum([1, 2]);
        Tensor total = probability.sum([1, 2]) + targets.sum([1, 2]);
        Tensor dice = 1 - (((2 * overlap) + 1) / (total + 1));
        return (bce + dice.mean()).MoveToOuterDisposeScope();
    }

    private readonly record struct Augmentation(bool FlipX, bool FlipY, float Contrast, float Shift);

    private static void CopySample(LesionSegmentationData data, int source, float[] pixels, float[] targets, int slot,
        Augmentation augment)
    {
        int width = data.Width, height = data.Height, plane = width * height;
        for (int y = 0; y < height; y++)
        {
            int sourceY = augment.FlipY ? height - 1 - y : y;
            for (int x = 0; x < width; x++)
            {
                int sourceX = augment.FlipX ? width - 1 - x : x;
                int from = (sourceY * width) + sourceX;
                int to = (y * width) + x;
                for (int channel = 0; channel < 3; channel++)
                {
                    byte value = data.Inputs[(((source * 3) + channel) * plane) + from];
                    pixels[(((slot * 3) + channel) * plane) + to] =
                        Math.Clamp((value * augment.Contrast) + augment.Shift, 0f, 255f);
                }

                targets[(slot * plane) + to] = data.Masks[(source * plane) + from] / 255f;
            }
        }
    }

    private static LesionSegmenterInfo? Resume(string directory, LesionSegmenterTrainingOptions options,
        LesionUNet network, OptimizerHelper optimizer)
    {
        if (!File.Exists(Path.Combine(directory, LesionSegmenterFiles.InfoFileName)))
        {
            return null;
        }

        LesionSegmenterInfo saved = LesionSegmenterFiles.ReadInfo(directory);
        string epochFolder = EpochFolders.Of(CheckpointRoot(directory), saved.EpochsCompleted);
        bool hasCheckpoint = File.Exists(Path.Combine(epochFolder, CheckpointWeights));
        if (saved.Options != options || !hasCheckpoint)
        {
            throw new LearningException(
                $"The folder {directory} already contains a lesion segmenter ({saved.EpochsCompleted} of "
                + $"{saved.Options.Epochs} epochs, seed {saved.Options.Seed}) that this run cannot resume; pass "
                + "another --out folder or delete that one.");
        }

        network.load(Path.Combine(epochFolder, CheckpointWeights));
        optimizer.load_state_dict(Path.Combine(epochFolder, CheckpointOptimizer));
        return saved;
    }

    private static void DisposeMasks(LesionSegmentationData data)
    {
        foreach (Mat mask in data.FullMasks)
        {
            mask.Dispose();
        }
    }

    private static string CheckpointRoot(string directory) => Path.Combine(directory, LesionSegmenterFiles.CheckpointFolderName);

    private static int EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003) + epoch);
}
