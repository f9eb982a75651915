using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TorchSharp;
using Skinsight.Learning.Training;
using static TorchSharp.torch;

namespace Skinsight.Learning.Age;

/// <summary>How to train the age network.</summary>
/// <param name="Epochs">Total epochs. A resumed run trains only the ones still missing.</param>
/// <param name="LearningRate">Peak AdamW learning rate, reached after one warm-up epoch and then decayed by a cosine.</param>
/// <param name="Width">Channels of the first stage of the <c>vgg</c> network; unused by <c>resnet18</c>.</param>
/// <param name="Architecture">
/// <c>vgg</c>, the <see cref="AgeNetwork"/> trained from scratch, or <c>resnet18</c>, the <see cref="AgeResNet"/>
/// fine-tuned from ImageNet weights.
/// </param>
/// <param name="InputSize">Side in pixels of the square window the network takes as input.</param>
/// <param name="MirrorAverage">
/// Estimate from the mean of the centred window and its mirror image (two passes) rather than from the window alone.
/// </param>
public sealed record AgeTrainingOptions(
    int Epochs = 14,
    int Seed = 1,
    int BatchSize = 64,
    double LearningRate = 3e-3,
    double WeightDecay = 5e-4,
    int Width = 32,
    string Architecture = AgeNetwork.ArchitectureName,
    int InputSize = AgeTrainingOptions.DefaultInputSize,
    bool MirrorAverage = true)
{
    /// <summary>Input side of the models trained before the side became an option.</summary>
    public const int DefaultInputSize = 64;
}

/// <summary>Train loss and validation error after one epoch.</summary>
/// <param name="TrainMae">Mean absolute error in years over the epoch's augmented training batches.</param>
/// <param name="ValidationMae">Mean absolute error in years on the val split, centred crop and its mirror averaged.</param>
public sealed record AgeEpoch(int Epoch, double TrainMae, double ValidationMae, double Seconds);

/// <summary>What an age model folder records beside its weights.</summary>
/// <param name="BestEpoch">Epoch whose weights are saved: the one with the lowest validation MAE.</param>
/// <param name="TestMae">MAE in years of the saved weights on the test split, measured once after training.</param>
public sealed record AgeModelInfo(
    AgeTrainingOptions Options,
    int EpochsCompleted,
    int BestEpoch,
    double ValidationMae,
    double? TestMae,
    int TrainingImages,
    string DataFolder,
    DateTime SavedAtUtc,
    double TrainingSeconds,
    IReadOnlyList<AgeEpoch> History)
{
    /// <summary>The error to show beside an estimate: the test MAE when it was measured, else the validation MAE.</summary>
    public double Uncertainty => TestMae ?? ValidationMae;
}

/// <summary>File names and reading of an age model folder.</summary>
public static class AgeModelFiles
{
    public const string InfoFileName = "age.json";
    public const string WeightsFileName = "weights.bin";

    /// <summary>Folder, under the model folder, of the last epoch's weights and optimiser state for resuming.</summary>
    public const string CheckpointFolderName = "checkpoint";

    internal static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Set explicitly so that hosts which turn reflection-based serialisation off by default still read age.json.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Reads age.json of <paramref name="directory"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing or unreadable.</exception>
    public static AgeModelInfo ReadInfo(string directory)
    {
        string path = Path.Combine(directory, InfoFileName);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(
                $"The folder {directory} has no {InfoFileName}; pass a folder written by 'skinsight train age'.");
        }

        try
        {
            return JsonSerializer.Deserialize<AgeModelInfo>(File.ReadAllText(path), s_json)
                ?? throw new ModelFormatException($"{path} is empty; train the age model again.");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path} is not an age model description ({e.Message}); train it again.", e);
        }
    }

    /// <summary>Loads the network of <paramref name="directory"/> in evaluation mode.</summary>
    /// <exception cref="ModelFormatException">age.json or weights.bin is missing or does not match.</exception>
    public static (AgeModelInfo Info, AgeRegressor Network) Load(string directory)
    {
        AgeModelInfo info = ReadInfo(directory);
        string weights = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weights))
        {
            throw new ModelFormatException(
                $"The age model folder {directory} has no {WeightsFileName}; train it with 'skinsight train age'.");
        }

        AgeRegressor network;
        try
        {
            network = AgeRegressor.Create(info.Options, pretrained: false);
        }
        catch (LearningException e)
        {
            throw new ModelFormatException($"{Path.Combine(directory, InfoFileName)}: {e.Message}", e);
        }

        try
        {
            LoadWeights(network, weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new ModelFormatException($"{weights} does not match the network in {InfoFileName} ({e.Message}).", e);
        }

        network.eval();
        return (info, network);
    }

    /// <summary>
    /// Rewrites the weights of a <c>resnet18</c> model folder as float16 (see <see cref="HalfPrecisionWeights"/>), which
    /// halves them to about 32 MB so the model stays under the 50 MB a shipped model may take. On the shipped model the rounding moved the val MAE by 0.0002
    /// years. Folders of the small <c>vgg</c> network are left as they are.
    /// </summary>
    /// <exception cref="ModelFormatException">The folder does not hold a readable age model.</exception>
    public static void Compact(string directory)
    {
        (AgeModelInfo info, AgeRegressor network) = Load(directory);
        using (network)
        {
            if (info.Options.Architecture != AgeResNet.ArchitectureName)
            {
                return;
            }

            HalfPrecisionWeights.Save(network, Path.Combine(directory, WeightsFileName));
        }
    }

    /// <summary>Loads weights saved as float16 (compacted, either layout) or as float32 (written during training).</summary>
    private static void LoadWeights(AgeRegressor network, string path)
    {
        if (network is AgeResNet)
        {
            HalfPrecisionWeights.Load(network, path);
        }
        else
        {
            network.load(path);
        }
    }

    internal static void WriteInfo(string directory, AgeModelInfo info)
    {
        // Written to a temporary file and moved, so an interrupted save leaves the previous description whole.
        string temporary = Path.Combine(directory, InfoFileName + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(info, s_json));
        File.Move(temporary, Path.Combine(directory, InfoFileName), overwrite: true);
    }
}
