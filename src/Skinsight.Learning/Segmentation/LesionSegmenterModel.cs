using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Skinsight.Learning.Segmentation;

/// <summary>How to train the lesion U-Net.</summary>
/// <param name="Epochs">Total epochs. A resumed run trains only the ones still missing.</param>
/// <param name="LearningRate">Peak AdamW learning rate, reached after one warm-up epoch and then decayed by a cosine.</param>
/// <param name="Width">Channels of the network's first level.</param>
/// <param name="InputWidth">Width in pixels the images are scaled to; a multiple of 8.</param>
/// <param name="InputHeight">Height in pixels the images are scaled to; a multiple of 8.</param>
public sealed record LesionSegmenterTrainingOptions(
    int Epochs = 12,
    int Seed = 1,
    int BatchSize = 32,
    double LearningRate = 3e-3,
    double WeightDecay = 1e-4,
    int Width = 16,
    int InputWidth = 64,
    int InputHeight = 48)
{
    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its valid range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay);
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(InputWidth, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(InputHeight, 8);
        if (InputWidth % 8 != 0 || InputHeight % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InputWidth),
                $"The input size {InputWidth}x{InputHeight} must be a multiple of 8 on both sides.");
        }
    }
}

/// <summary>Train loss and validation scores after one epoch.</summary>
/// <param name="TrainLoss">Mean BCE plus soft Dice loss over the epoch's augmented training batches.</param>
/// <param name="ValidationJaccard">Mean Jaccard on the val split at the images' own size, after clean-up.</param>
/// <param name="ValidationDice">Mean Dice on the val split at the images' own size, after clean-up.</param>
public sealed record LesionSegmenterEpoch(
    int Epoch,
    double TrainLoss,
    double ValidationJaccard,
    double ValidationDice,
    double Seconds);

/// <summary>What a lesion segmenter model folder records beside its weights.</summary>
/// <param name="BestEpoch">Epoch whose weights are saved: the one with the highest val mean Jaccard.</param>
public sealed record LesionSegmenterInfo(
    LesionSegmenterTrainingOptions Options,
    int EpochsCompleted,
    int BestEpoch,
    double ValidationJaccard,
    int TrainingImages,
    int ValidationImages,
    string DataFolder,
    DateTime SavedAtUtc,
    double TrainingSeconds,
    IReadOnlyList<LesionSegmenterEpoch> History);

/// <summary>File names and reading of a lesion segmenter model folder.</summary>
public static class LesionSegmenterFiles
{
    public const string InfoFileName = "lesion-segmenter.json";
    public const string WeightsFileName = "weights.bin";

    /// <summary>Folder, under the model folder, of the last epoch's weights and optimiser state for resuming.</summary>
    public const string CheckpointFolderName = "checkpoint";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Set explicitly so that hosts which turn reflection-based serialisation off by default still read the file.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Reads the description of <paramref name="directory"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing or unreadable.</exception>
    public static LesionSegmenterInfo ReadInfo(string directory)
    {
        string path = Path.Combine(directory, InfoFileName);
        if (!File.Exists(path))
        {
            throw new ModelFormatException($"The folder {directory} has no {InfoFileName}; pass a folder written by "
                + "'skinsight train lesion-segmentation'.");
        }

        try
        {
            return JsonSerializer.Deserialize<LesionSegmenterInfo>(File.ReadAllText(path), s_json)
                ?? throw new ModelFormatException($"{path} is empty; train the lesion segmenter again.");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(
                $"{path} is not a lesion segmenter description ({e.Message}); train it again.", e);
        }
    }

    /// <summary>Loads the network of <paramref name="directory"/> in evaluation mode.</summary>
    /// <exception cref="ModelFormatException">The description or weights are missing or do not match.</exception>
    public static (LesionSegmenterInfo Info, LesionUNet Network) Load(string directory)
    {
        LesionSegmenterInfo info = ReadInfo(directory);
        string weights = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weights))
        {
            throw new ModelFormatException($"The lesion segmenter folder {directory} has no {WeightsFileName}; train "
                + "it with 'skinsight train lesion-segmentation'.");
        }

        var network = new LesionUNet(info.Options.Width);
        try
        {
            network.load(weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new ModelFormatException($"{weights} does not match the network in {InfoFileName} ({e.Message}).", e);
        }

        network.eval();
        return (info, network);
    }

    internal static void WriteInfo(string directory, LesionSegmenterInfo info)
    {
        // Written to a temporary file and moved, so an interrupted save leaves the previous description whole.
        string temporary = Path.Combine(directory, InfoFileName + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(info, s_json));
        File.Move(temporary, Path.Combine(directory, InfoFileName), overwrite: true);
    }
}
