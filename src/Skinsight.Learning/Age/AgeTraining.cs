using System.Diagnostics;
using Skinsight.Core.IO;
using Skinsight.Learning.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Age;

/// <summary>Progress within an age training run, reported after every batch and after each epoch's validation.</summary>
/// <param name="TrainMae">Running mean absolute error in years over the epoch's training batches so far.</param>
/// <param name="ValidationMae">MAE in years on the val split after the last finished epoch, or null before the first.</param>
public sealed record AgeTrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double TrainMae,
    double? ValidationMae,
    TimeSpan Elapsed);

/// <summary>Trains, resumes and scores the age network.</summary>
public static class AgeTraining
{
    private const int PredictionBatchSize = 256;

    /// <summary>
    /// Trains the age network on the train split of <paramref name="dataDir"/> and saves the weights of the epoch with
    /// the lowest val MAE to <paramref name="directory"/>, with the test MAE of those weights in age.json.
    /// </summary>
    /// <remarks>
    /// The last epoch's weights and optimiser state are kept in <c>checkpoint/</c> while training runs, so a second
    /// call with the same folder and options resumes after the last finished epoch with the same batches. The
    /// checkpoint is deleted once the last epoch is done.
    /// </remarks>
    /// <exception cref="LearningException">
    /// The data folder is invalid or too small, or the model folder contains an unfinished run with other options.
    /// </exception>
    public static AgeModelInfo Train(
        string dataDir,
        string directory,
        AgeTrainingOptions options,
        IProgress<AgeTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        // Created before the data is read, so an invalid architecture or input size is the first error reported.
        random.manual_seed(options.Seed);
        using AgeRegressor network = AgeRegressor.Create(options, pretrained: true);
        IReadOnlyList<AgeSample> all = AgeDataSet.Load(dataDir);
        var train = all.Where(s => s.Split == AgeSplit.Train).ToList();
        var validation = all.Where(s => s.Split == AgeSplit.Validation).ToList();
        var test = all.Where(s => s.Split == AgeSplit.Test).ToList();
        if (train.Count < options.BatchSize || validation.Count == 0)
        {
            throw new DataSetException(
                $"The data folder {dataDir} has {train.Count} train and {validation.Count} val rows; training needs at "
                + $"least {options.BatchSize} train rows (one batch) and one val row.");
        }

        var clock = Stopwatch.StartNew();
        int storedSize = AgeImages.StoredSizeFor(options.InputSize);
        byte[] trainImages = AgeImages.Load(train, storedSize);
        byte[] validationImages = AgeImages.Load(validation, storedSize);
        float[] trainAges = train.Select(s => (float)s.Age).ToArray();
        network.InitialiseOutput(trainAges.Average() / 10.0);
        using var optimizer = optim.AdamW(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        AgeModelInfo? resumed = Resume(directory, options, network, optimizer);
        var history = resumed?.History.ToList() ?? [];
        double previousSeconds = resumed?.TrainingSeconds ?? 0;
        int bestEpoch = resumed?.BestEpoch ?? 0;
        double bestMae = resumed?.ValidationMae ?? double.PositiveInfinity;
        int batches = train.Count / options.BatchSize;
        Directory.CreateDirectory(Path.Combine(directory, AgeModelFiles.CheckpointFolderName));

        for (int epoch = history.Count + 1; epoch <= options.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            double? lastValidation = history.Count > 0 ? history[^1].ValidationMae : null;
            double trainMae = TrainEpoch(network, optimizer, trainImages, trainAges, options, epoch, batches,
                (batch, mae) => progress?.Report(new AgeTrainingProgress(epoch, options.Epochs, batch, batches, mae,
                    lastValidation, clock.Elapsed)),
                cancellationToken);

            double validationMae = MeanAbsoluteError(Predict(network, validationImages, options.MirrorAverage), validation);
            history.Add(new AgeEpoch(epoch, trainMae, validationMae, epochClock.Elapsed.TotalSeconds));
            progress?.Report(new AgeTrainingProgress(epoch, options.Epochs, batches, batches, trainMae, validationMae,
                clock.Elapsed));
            if (validationMae < bestMae)
            {
                bestMae = validationMae;
                bestEpoch = epoch;
                string weights = Path.Combine(directory, AgeModelFiles.WeightsFileName);
                AtomicFile.Write(weights, path => network.save(path));
            }

            // The epoch's files first and the description last, so a run stopped while saving leaves the previous
            // epoch's description and the files it names.
            EpochFolders.Write(CheckpointRoot(directory), epoch, folder =>
            {
                network.save(Path.Combine(folder, CheckpointWeights));
                optimizer.save_state_dict(Path.Combine(folder, CheckpointOptimizer));
            });
            AgeModelFiles.WriteInfo(directory, new AgeModelInfo(options, epoch, bestEpoch, bestMae, null, train.Count,
                dataDir, DateTime.UtcNow, previousSeconds + clock.Elapsed.TotalSeconds, history));
            EpochFolders.DeleteOthers(CheckpointRoot(directory), epoch);
        }

        return Finish(directory, dataDir, validation, validationImages, test);
    }

    /// <summary>Scores the model in <paramref name="modelDir"/> on the rows of <paramref name="dataDir"/> in <paramref name="split"/>.</summary>
    /// <exception cref="LearningException">The data folder or model folder is missing or invalid.</exception>
    public static AgeEvaluation Evaluate(string dataDir, string split, string modelDir)
    {
        IReadOnlyList<AgeSample> samples = AgeDataSet.Load(dataDir, split);
        (AgeModelInfo info, AgeRegressor network) = AgeModelFiles.Load(modelDir);
        using (network)
        {
            var clock = Stopwatch.StartNew();
            double[] predictions = Predict(
                network, AgeImages.Load(samples, AgeImages.StoredSizeFor(network.InputSize)), info.Options.MirrorAverage);
            return new AgeEvaluation(split, AgeMetrics.Compute(samples, predictions),
                samples.Count / clock.Elapsed.TotalSeconds, info.BestEpoch);
        }
    }

    /// <summary>
    /// Returns the age in years of each stored image (<see cref="AgeImages"/> layout, back to back) from the centred
    /// window, or with <paramref name="mirrorAverage"/> the mean of it and its mirror image, clamped to 0-120.
    /// </summary>
    public static double[] Predict(AgeRegressor network, byte[] storedImages, bool mirrorAverage = true)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(storedImages);
        int size = network.InputSize;
        int stored = AgeImages.StoredSizeFor(size);
        int centre = AgeImages.CentreOffsetFor(size);
        int length = 3 * stored * stored;
        int count = storedImages.Length / length;
        var years = new double[count];
        network.eval();
        using var disabled = no_grad();
        for (int start = 0; start < count; start += PredictionBatchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(PredictionBatchSize, count - start);
            float[] batch = new float[n * 3 * size * size];
            for (int i = 0; i < n; i++)
            {
                CopyWindow(storedImages, start + i, batch, i, size, centre, centre, false);
            }

            Tensor input = tensor(batch, [n, 3, size, size]);
            Tensor decades = mirrorAverage
                ? (network.forward(input) + network.forward(input.flip(3))) / 2
                : network.forward(input);
            float[] values = decades.data<float>().ToArray();
            for (int i = 0; i < n; i++)
            {
                years[start + i] = Math.Clamp(values[i] * 10.0, 0, 120);
            }
        }

        return years;
    }

    /// <summary>
    /// Copies the window of side <paramref name="size"/> at (<paramref name="left"/>, <paramref name="top"/>) of stored image
    /// <paramref name="source"/>, mirrored when <paramref name="mirror"/> is set, into slot <paramref name="slot"/> of
    /// a float batch.
    /// </summary>
    internal static void CopyWindow(byte[] images, int source, float[] batch, int slot, int size, int left, int top,
        bool mirror, float contrast = 1, float shift = 0)
    {
        int stored = AgeImages.StoredSizeFor(size);
        int sourceBase = source * 3 * stored * stored;
        int targetBase = slot * 3 * size * size;
        for (int channel = 0; channel < 3; channel++)
        {
            for (int y = 0; y < size; y++)
            {
                int sourceRow = sourceBase + (channel * stored * stored) + ((top + y) * stored) + left;
                int targetRow = targetBase + (channel * size * size) + (y * size);
                for (int x = 0; x < size; x++)
                {
                    byte value = images[sourceRow + (mirror ? size - 1 - x : x)];
                    batch[targetRow + x] = Math.Clamp((value * contrast) + shift, 0f, 255f);
                }
            }
        }
    }

    private static double TrainEpoch(
        AgeRegressor network,
        OptimizerHelper optimizer,
        byte[] images,
        float[] ages,
        AgeTrainingOptions options,
        int epoch,
        int batches,
        Action<int, double> reportBatch,
        CancellationToken cancellationToken)
    {
        // Everything random in an epoch depends only on the seed and the epoch, so a resumed run gets the same batches.
        var epochRandom = new Random(EpochSeed(options.Seed, epoch));
        random.manual_seed(EpochSeed(options.Seed, epoch));
        int[] order = Enumerable.Range(0, ages.Length).ToArray();
        epochRandom.Shuffle(order);
        network.train();
        int size = network.InputSize;
        int maxOffset = AgeImages.StoredSizeFor(size) - size;
        double sum = 0;
        for (int batch = 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            LearningRateSchedule.Apply(
                optimizer,
                LearningRateSchedule.WarmupCosine(options.LearningRate, options.Epochs, ((epoch - 1) * batches) + batch, batches));
            var pixels = new float[options.BatchSize * 3 * size * size];
            var targets = new float[options.BatchSize];
            for (int i = 0; i < options.BatchSize; i++)
            {
                int index = order[(batch * options.BatchSize) + i];
                // Small shifts, mirror images and 10% contrast and brightness changes. Faces are aligned, so no
                // rotation or large crop.
                CopyWindow(images, index, pixels, i, size, epochRandom.Next(maxOffset + 1), epochRandom.Next(maxOffset + 1),
                    epochRandom.Next(2) == 0, 0.9f + (0.2f * epochRandom.NextSingle()),
                    (epochRandom.NextSingle() - 0.5f) * 25.6f);
                targets[i] = ages[index] / 10f;
            }

            optimizer.zero_grad();
            Tensor output = network.forward(tensor(pixels, [options.BatchSize, 3, size, size]));
            // L1 on decades is the MAE objective itself, so the loss reads directly as MAE / 10.
            Tensor loss = nn.functional.l1_loss(output, tensor(targets));
            loss.backward();
            optimizer.step();
            sum += loss.item<float>() * 10.0;
            reportBatch(batch + 1, sum / (batch + 1));
        }

        return sum / batches;
    }

    private static AgeModelInfo? Resume(string directory, AgeTrainingOptions options, AgeRegressor network,
        OptimizerHelper optimizer)
    {
        if (!File.Exists(Path.Combine(directory, AgeModelFiles.InfoFileName)))
        {
            return null;
        }

        AgeModelInfo saved = AgeModelFiles.ReadInfo(directory);
        string epochFolder = EpochFolders.Of(CheckpointRoot(directory), saved.EpochsCompleted);
        bool hasCheckpoint = File.Exists(Path.Combine(epochFolder, CheckpointWeights));
        if (saved.Options != options || !hasCheckpoint)
        {
            throw new LearningException(
                $"The folder {directory} already contains an age model ({saved.EpochsCompleted} of "
                + $"{saved.Options.Epochs} epochs, seed {saved.Options.Seed}) that this run cannot resume; pass another "
                + "--out folder or delete that one.");
        }

        network.load(Path.Combine(epochFolder, CheckpointWeights));
        optimizer.load_state_dict(Path.Combine(epochFolder, CheckpointOptimizer));
        return saved;
    }

    private static AgeModelInfo Finish(string directory, string dataDir, List<AgeSample> validation,
        byte[] validationImages, List<AgeSample> test)
    {
        // Compacted first, so the val and test MAE are those of the weights that ship. The epoch history keeps the
        // float32 scores that chose the epoch.
        AgeModelFiles.Compact(directory);
        AgeModelInfo info;
        double validationMae;
        double? testMae = null;
        (info, AgeRegressor best) = AgeModelFiles.Load(directory);
        using (best)
        {
            validationMae = MeanAbsoluteError(Predict(best, validationImages, info.Options.MirrorAverage), validation);
            if (test.Count > 0)
            {
                byte[] images = AgeImages.Load(test, AgeImages.StoredSizeFor(best.InputSize));
                testMae = MeanAbsoluteError(Predict(best, images, info.Options.MirrorAverage), test);
            }
        }

        info = info with
        {
            ValidationMae = validationMae, TestMae = testMae, DataFolder = dataDir, SavedAtUtc = DateTime.UtcNow,
        };
        AgeModelFiles.WriteInfo(directory, info);
        Directory.Delete(Path.Combine(directory, AgeModelFiles.CheckpointFolderName), recursive: true);
        return info;
    }

    private static double MeanAbsoluteError(double[] predictions, IReadOnlyList<AgeSample> samples) =>
        predictions.Zip(samples, (p, s) => Math.Abs(p - s.Age)).Average();

    private const string CheckpointWeights = "last.bin";
    private const string CheckpointOptimizer = "optimizer.bin";

    private static string CheckpointRoot(string directory) => Path.Combine(directory, AgeModelFiles.CheckpointFolderName);

    private static int EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003) + epoch);
}

/// <summary>Scores of an age model on one split.</summary>
/// <param name="ModelEpoch">Training epoch whose weights were scored.</param>
public sealed record AgeEvaluation(string Split, AgeMetrics Metrics, double ImagesPerSecond, int ModelEpoch);
