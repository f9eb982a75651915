using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Skinsight.Core.IO;
using Skinsight.Learning.Data;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Skinsight.Learning.Training;

/// <summary>State of a fine-tuning run: its settings, the finished epochs and the best one so far.</summary>
/// <param name="BestScore">Score of <paramref name="BestEpoch"/>, or null before the first epoch.</param>
/// <param name="ImageFingerprint">
/// Hash of the training and validation images' ids and labels (see <see cref="FineTuningCheckpoint.Fingerprint(IEnumerable{string})"/>);
/// null in a checkpoint written before the hash was recorded, which is then resumed on the counts alone.
/// </param>
internal sealed record FineTuningState(
    FineTuningRun Run,
    int TrainCount,
    int ValidationCount,
    int BestEpoch,
    double? BestScore,
    IReadOnlyList<FineTuningEpoch> History,
    string? ImageFingerprint = null)
{
    public int EpochsDone => History.Count;

    public static FineTuningState Start(FineTuningRun run, int trainCount, int validationCount, string imageFingerprint) =>
        new(run, trainCount, validationCount, 0, null, [], imageFingerprint);

    public FineTuningState After(FineTuningEpoch epoch, bool best) => this with
    {
        History = [.. History, epoch],
        BestEpoch = best ? epoch.Epoch : BestEpoch,
        BestScore = best ? epoch.Score : BestScore,
    };
}

/// <summary>
/// The checkpoint folder of a fine-tuning run. Each epoch's weights, optimiser states and random state go into a
/// folder of their own (<see cref="EpochFolders"/>), the best weights into a file named by their epoch, and
/// <c>state.json</c>, written last and replaced in one move, names both. A run stopped at any point therefore
/// leaves a state whose files are complete.
/// </summary>
internal sealed class FineTuningCheckpoint(
    string directory,
    FineTuningRun run,
    int trainCount,
    int validationCount,
    string imageFingerprint)
{
    internal const string StateFile = "state.json";
    private const string LastWeights = "last.bin";
    private const string BackboneOptimizerFile = "backbone-optimizer.bin";
    private const string HeadOptimizerFile = "head-optimizer.bin";
    private const string RandomStateFile = "random.bin";
    private const string BestFilePrefix = "best-";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Set explicitly so that hosts which turn reflection-based serialisation off by default still read the file.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public string Directory { get; } = directory;

    /// <summary>
    /// Loads the checkpoint into <paramref name="network"/> and the optimisers and returns its state, or returns null
    /// when the folder contains none. <paramref name="best"/> receives a copy of the best weights so far.
    /// </summary>
    /// <exception cref="LearningException">The checkpoint is of a run with other settings or images, or unreadable.</exception>
    public FineTuningState? Resume(
        nn.Module network,
        OptimizerHelper backboneOptimizer,
        OptimizerHelper headOptimizer,
        out Dictionary<string, Tensor>? best)
    {
        best = null;
        string statePath = Path.Combine(Directory, StateFile);
        if (!File.Exists(statePath))
        {
            return null;
        }

        FineTuningState saved;
        try
        {
            saved = JsonSerializer.Deserialize<FineTuningState>(File.ReadAllText(statePath), s_json)
                ?? throw new JsonException("the file is empty");
        }
        catch (JsonException e)
        {
            throw new LearningException(
                $"The checkpoint {statePath} cannot be read ({e.Message}); delete the folder {Directory} to start again.", e);
        }

        bool otherImages = saved.ImageFingerprint is { } savedImages && savedImages != imageFingerprint;
        if (saved.Run != run || saved.TrainCount != trainCount || saved.ValidationCount != validationCount || otherImages)
        {
            throw new LearningException(
                $"The checkpoint folder {Directory} contains {saved.EpochsDone} of {saved.Run.Epochs} epochs of a run "
                + $"with other settings or images: {Differences(saved, run, trainCount, validationCount, otherImages)}; pass the "
                + "same settings and data to resume it, or delete the folder to start again.");
        }

        if (saved.EpochsDone == 0)
        {
            return null;
        }

        string epochFolder = EpochFolders.Of(Directory, saved.EpochsDone);
        try
        {
            network.load(BestFile(saved.BestEpoch));
            best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
            network.load(Path.Combine(epochFolder, LastWeights));
            backboneOptimizer.load_state_dict(Path.Combine(epochFolder, BackboneOptimizerFile));
            headOptimizer.load_state_dict(Path.Combine(epochFolder, HeadOptimizerFile));
            using Tensor state = tensor(File.ReadAllBytes(Path.Combine(epochFolder, RandomStateFile)));
            random.set_rng_state(state);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            foreach (Tensor t in best?.Values ?? Enumerable.Empty<Tensor>())
            {
                t.Dispose();
            }

            best = null;
            throw new LearningException(
                $"The checkpoint folder {Directory} is incomplete ({e.Message}); delete it to start again.", e);
        }

        return saved;
    }

    /// <summary>Writes the checkpoint after an epoch; the best weights only when this epoch is the new best.</summary>
    public void Save(
        nn.Module network,
        OptimizerHelper backboneOptimizer,
        OptimizerHelper headOptimizer,
        bool isBest,
        FineTuningState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        EpochFolders.Write(Directory, state.EpochsDone, folder =>
        {
            network.save(Path.Combine(folder, LastWeights));
            backboneOptimizer.save_state_dict(Path.Combine(folder, BackboneOptimizerFile));
            headOptimizer.save_state_dict(Path.Combine(folder, HeadOptimizerFile));
            using Tensor random = TorchSharp.torch.random.get_rng_state();
            File.WriteAllBytes(Path.Combine(folder, RandomStateFile), random.data<byte>().ToArray());
        });
        if (isBest)
        {
            AtomicFile.Write(BestFile(state.BestEpoch), path => network.save(path));
        }

        AtomicFile.Write(Path.Combine(Directory, StateFile),
            path => File.WriteAllText(path, JsonSerializer.Serialize(state, s_json)));

        // Only now, with the new state in place, are the files of earlier epochs no longer needed.
        EpochFolders.DeleteOthers(Directory, state.EpochsDone);
        foreach (string file in System.IO.Directory.GetFiles(Directory, BestFilePrefix + "*"))
        {
            if (file != BestFile(state.BestEpoch))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Lists each setting that differs as "name saved (now requested)", so the message names what to change.</summary>
    private static string Differences(
        FineTuningState saved, FineTuningRun run, int trainCount, int validationCount, bool otherImages)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T before, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(before, now))
            {
                differences.Add($"{name} {Format(before)} (now {Format(now)})");
            }
        }

        Compare("epochs", saved.Run.Epochs, run.Epochs);
        Compare("input size", saved.Run.InputSize, run.InputSize);
        Compare("seed", saved.Run.Seed, run.Seed);
        Compare("batch size", saved.Run.BatchSize, run.BatchSize);
        Compare("flip-averaged val score", saved.Run.FlipAveragedScore, run.FlipAveragedScore);
        Compare("class-weight power", saved.Run.Tuning.ClassWeightPower, run.Tuning.ClassWeightPower);
        Compare("network settings", saved.Run.Variant, run.Variant);
        Compare("training images", saved.TrainCount, trainCount);
        Compare("validation images", saved.ValidationCount, validationCount);
        if (otherImages && differences.Count == 0)
        {
            differences.Add("the training or validation images or their labels changed");
        }
        if (differences.Count == 0)
        {
            // The classes, head, optimiser and augmentation settings are not command-line options.
            differences.Add("the classes, head or optimiser settings differ");
        }

        return string.Join(", ", differences);
    }

    private static string? Format<T>(T value)
    {
        if (value is bool flag)
        {
            return flag ? "on" : "off";
        }

        return Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Returns a hash of each image's split, id and label, in list order, because the order decides the batches too.
    /// Ids rather than paths are hashed, so a data folder that moved still resumes.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<LabeledImage> train, IReadOnlyList<LabeledImage> validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        return Fingerprint(train.Concat(validation).Select(image =>
            string.Create(CultureInfo.InvariantCulture, $"{image.Split}\t{image.ImageId}\t{image.Label}")));
    }

    /// <summary>Returns a hash of one line per training or validation example, in order, for runs whose examples are not labelled images.</summary>
    public static string Fingerprint(IEnumerable<string> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hash = new XxHash64();
        foreach (string row in rows)
        {
            hash.Append(Encoding.UTF8.GetBytes(row + "\n"));
        }

        return Convert.ToHexString(hash.GetCurrentHash());
    }

    /// <summary>Deletes a checkpoint folder once its run has finished and the model is saved.</summary>
    public static void Delete(string directory) => EpochFolders.DeleteFolder(directory);

    private string BestFile(int epoch) => Path.Combine(Directory, $"{BestFilePrefix}{epoch:D3}.bin");
}
