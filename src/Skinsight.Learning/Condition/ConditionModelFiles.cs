using System.Text.Json;
using System.Text.Json.Serialization;
using Skinsight.Core.IO;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Training;

namespace Skinsight.Learning.Condition;

/// <summary>
/// Saves and loads a condition model folder: <c>model.json</c> (<see cref="ConditionModelInfo"/>) and
/// <c>weights.bin</c> (TorchSharp state: the head only for <see cref="ConditionModelKind.FrozenBackbone"/>, the
/// whole network for <see cref="ConditionModelKind.FineTuned"/>, stored as float16).
/// </summary>
/// <remarks>
/// A fine-tuned ResNet-18 of this layout has about 16 million parameters, 64 MB as float32, so its weights are
/// stored as float16 (about 32 MB) to stay under the 50 MB a shipped model may take.
/// </remarks>
public static class ConditionModelFiles
{
    public const int FormatVersion = 1;
    public const string InfoFileName = "model.json";
    public const string WeightsFileName = "weights.bin";

    /// <summary>Writes <paramref name="network"/> and <paramref name="info"/> into <paramref name="directory"/>, creating it.</summary>
    /// <remarks>For a fine-tuned model this rounds the weights of <paramref name="network"/> to float16 precision in place.</remarks>
    public static void Save(string directory, ConditionNetwork network, ConditionModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(info);
        Directory.CreateDirectory(directory);

        string weightsPath = Path.Combine(directory, WeightsFileName);
        if (info.Kind == ConditionModelKind.FrozenBackbone)
        {
            AtomicFile.Write(weightsPath, path => network.Head.save(path));
        }
        else
        {
            HalfPrecisionWeights.Save(network, weightsPath);
        }

        string json = JsonSerializer.Serialize(info, ConditionModelJsonContext.Default.ConditionModelInfo);
        AtomicFile.Write(Path.Combine(directory, InfoFileName), path => File.WriteAllText(path, json));
    }

    /// <summary>Reads <c>model.json</c> of <paramref name="directory"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing, invalid, or of another format version.</exception>
    public static ConditionModelInfo ReadInfo(string directory)
    {
        string path = Path.Combine(directory, InfoFileName);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(
                $"The condition model {directory} has no {InfoFileName}; pass a folder written by "
                + "'skinsight train condition', or train one with that command.");
        }

        ConditionModelInfo? info;
        try
        {
            info = JsonSerializer.Deserialize(File.ReadAllText(path), ConditionModelJsonContext.Default.ConditionModelInfo);
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(
                ImageViews.DescribeJsonError(ex, path) ?? $"The model description {path} is not valid JSON: {ex.Message}", ex);
        }

        if (info is null || info.FormatVersion != FormatVersion || info.ClassCodes.Count != ConditionClasses.Count)
        {
            throw new ModelFormatException(
                $"The model description {path} is not a version {FormatVersion} condition model with " +
                $"{ConditionClasses.Count} classes; retrain the model with this version.");
        }

        if (info.Views is { } views)
        {
            ImageViews.Validate(views, path);
        }

        return info;
    }

    /// <summary>Loads the network saved in <paramref name="directory"/>, in evaluation mode.</summary>
    /// <exception cref="ModelFormatException">A file is missing or does not fit the described network.</exception>
    public static (ConditionModelInfo Info, ConditionNetwork Network) Load(string directory)
    {
        ConditionModelInfo info = ReadInfo(directory);
        string weightsPath = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weightsPath))
        {
            throw new ModelFormatException($"The condition model {directory} has no {WeightsFileName}; save the model again.");
        }

        ResNet18Backbone backbone = info.Kind == ConditionModelKind.FrozenBackbone
            ? PretrainedResNet18.Create()
            : new ResNet18Backbone();
        var head = new ClassifierHead(ResNet18Backbone.FeatureCount, ConditionClasses.Count, info.HiddenUnits);
        var network = new ConditionNetwork(backbone, head);
        try
        {
            if (info.Kind == ConditionModelKind.FrozenBackbone)
            {
                head.load(weightsPath);
            }
            else
            {
                HalfPrecisionWeights.Load(network, weightsPath);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new ModelFormatException(
                $"The weights {weightsPath} do not fit a {info.Kind} network with {info.HiddenUnits} hidden units: {ex.Message}",
                ex);
        }

        network.eval();
        return (info, network);
    }
}

/// <summary>
/// Source-generated JSON for <c>model.json</c>, so saving works where reflection-based serialization is disabled
/// (trimmed or native AOT builds, and file-based <c>dotnet run</c> apps).
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConditionModelInfo))]
internal sealed partial class ConditionModelJsonContext : JsonSerializerContext;
