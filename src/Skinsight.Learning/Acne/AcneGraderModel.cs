using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Skinsight.Core.IO;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Training;

namespace Skinsight.Learning.Acne;

/// <summary>Validation accuracy of one head setting tried during training.</summary>
public sealed record AcneCandidate(AcneHeadOptions Options, double ValidationAccuracy, double ValidationGradeError);

/// <summary>How an acne grader turns a photo into a grade.</summary>
public enum AcneGraderKind
{
    /// <summary>Frozen ImageNet ResNet-18 features of the photo and its tiles, then a logistic regression.</summary>
    FrozenFeatures,

    /// <summary>The ImageNet ResNet-18 fine-tuned with a 4-grade head on the whole photo.</summary>
    FineTuned,

    /// <summary>
    /// A lesion detector (<see cref="AcneLesionNetwork"/>) counts the lesions, and the count gives the grade by the
    /// Hayashi criterion that ACNE04's labels follow.
    /// </summary>
    LesionCounting,
}

/// <summary>Settings and count errors of a lesion-counting grader.</summary>
/// <param name="MirrorAverage">The maps are averaged over the photo and its mirror image.</param>
/// <param name="ValidationCountMae">Mean absolute error of the calibrated lesion count on val.</param>
/// <param name="TestCountMae">Mean absolute error of the calibrated lesion count on test.</param>
/// <param name="Calibration">Maps the summed density to the count; fitted on val after training.</param>
/// <param name="ValidationRawCountMae">Mean absolute error on val of the summed density without the calibration.</param>
/// <param name="TestRawCountMae">Mean absolute error on test of the summed density without the calibration.</param>
/// <param name="ValidationLogCountSpread">
/// Standard deviation of ln(counted / labelled) on val, with the calibrated counts (<see cref="AcneGradeFusion.LogSpread"/>);
/// null in descriptions written before it was recorded, and then the count is not fused with a photo grader.
/// </param>
public sealed record AcneLesionCounting(
    AcneLesionTrainingOptions Options,
    bool MirrorAverage,
    double ValidationCountMae,
    double TestCountMae,
    IReadOnlyList<AcneLesionEpoch> History,
    AcneCountCalibration? Calibration = null,
    double? ValidationRawCountMae = null,
    double? TestRawCountMae = null,
    double? ValidationLogCountSpread = null);

/// <summary>What an acne grader model folder records beside its weights.</summary>
/// <param name="Options">Settings of a frozen-feature head: the candidate with the best validation accuracy; null when fine-tuned.</param>
/// <param name="Features">How the photo features were built.</param>
/// <param name="Validation">Metrics of the saved model on the val split.</param>
/// <param name="Test">Metrics of the saved model on the test split, measured once after the choice was made.</param>
/// <param name="Candidates">Every head setting tried, with its validation accuracy; null when fine-tuned.</param>
/// <param name="FineTuning">Settings of a fine-tuned grader, whose input size it predicts at; null for a frozen-feature one.</param>
/// <param name="BestEpoch">Fine-tuning epoch whose weights were saved (best val accuracy).</param>
/// <param name="History">Loss and val accuracy of every fine-tuning epoch.</param>
/// <param name="FlipAverage">
/// Written by fine-tuned graders saved before <paramref name="Views"/> existed: each photo's probabilities are averaged
/// over it and its 3 flipped copies.
/// </param>
/// <param name="Views">The views of each photo that a fine-tuned grader averages its probabilities over.</param>
public sealed record AcneGraderInfo(
    AcneHeadOptions? Options,
    string Features,
    int TrainingPhotos,
    AcneGradeMetrics Validation,
    AcneGradeMetrics Test,
    IReadOnlyList<AcneCandidate>? Candidates,
    string DataFolder,
    DateTime SavedAtUtc,
    double FeatureSeconds,
    double TrainingSeconds,
    AcneGraderKind Kind = AcneGraderKind.FrozenFeatures,
    FineTuningRun? FineTuning = null,
    int? BestEpoch = null,
    IReadOnlyList<FineTuningEpoch>? History = null,
    bool FlipAverage = false,
    AcneLesionCounting? LesionCounting = null,
    IReadOnlyList<ViewScale>? Views = null)
{
    /// <summary>
    /// The views a fine-tuned grader averages over: <see cref="Views"/>, or what <see cref="FlipAverage"/> stood for.
    /// </summary>
    /// <exception cref="InvalidOperationException">The grader is not fine-tuned.</exception>
    [JsonIgnore]
    public IReadOnlyList<ViewScale> AveragedViews
    {
        get
        {
            int size = FineTuning?.InputSize
                ?? throw new InvalidOperationException($"A {Kind} acne grader has no views; only a fine-tuned one has.");
            return Views ?? (FlipAverage ? ImageViews.Flips(size) : ImageViews.Single(size));
        }
    }
}

/// <summary>File names, writing and reading of an acne grader model folder.</summary>
public static class AcneGraderModel
{
    public const string DefaultModelName = "acne-grader";

    /// <summary>Folder name of the shipped lesion-counting grader under <c>models/</c>, which the analysis uses.</summary>
    public const string LesionModelName = "acne-lesions";
    public const string InfoFileName = "acne-grader.json";
    public const string WeightsFileName = "weights.bin";

    internal static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Set explicitly so that hosts which turn reflection-based serialisation off by default still read the file.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the head's weights and <paramref name="info"/> into <paramref name="directory"/>.</summary>
    public static void Save(string directory, ClassifierHead head, AcneGraderInfo info)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(info);
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, WeightsFileName), path => head.save(path));
        WriteInfo(directory, info);
    }

    /// <summary>
    /// Writes a fine-tuned network as float16 weights, half the size of float32 ones, and <paramref name="info"/> into
    /// <paramref name="directory"/>.
    /// </summary>
    /// <remarks>The weights of <paramref name="network"/> are rounded to float16 precision in place.</remarks>
    public static void SaveFineTuned(string directory, ConditionNetwork network, AcneGraderInfo info) =>
        SaveHalfPrecision(directory, network, info);

    /// <summary>Writes a lesion detector as float16 weights and <paramref name="info"/> into <paramref name="directory"/>.</summary>
    /// <remarks>The weights of <paramref name="network"/> are rounded to float16 precision in place.</remarks>
    public static void SaveLesionCounting(string directory, AcneLesionNetwork network, AcneGraderInfo info) =>
        SaveHalfPrecision(directory, network, info);

    private static void SaveHalfPrecision(string directory, TorchSharp.torch.nn.Module network, AcneGraderInfo info)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(info);
        Directory.CreateDirectory(directory);
        HalfPrecisionWeights.Save(network, Path.Combine(directory, WeightsFileName));
        WriteInfo(directory, info);
    }

    /// <summary>Loads the lesion detector of <paramref name="directory"/>, ready to run.</summary>
    /// <exception cref="ModelFormatException">The folder is not a lesion-counting grader, or a file is missing or does not match.</exception>
    public static (AcneGraderInfo Info, AcneLesionDetector Detector) LoadLesionCounting(string directory)
    {
        AcneGraderInfo info = ReadInfo(directory);
        if (info.Kind != AcneGraderKind.LesionCounting || info.LesionCounting is not { } counting)
        {
            throw new ModelFormatException($"The acne grader {directory} is a {info.Kind} model, not a lesion-counting one.");
        }

        string weights = RequireWeights(directory);
        var network = new AcneLesionNetwork(new Backbone.ResNet18Backbone(AcneLesionNetwork.BackboneStages));
        try
        {
            HalfPrecisionWeights.Load(network, weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new ModelFormatException($"{weights} does not match the acne lesion detector ({e.Message}).", e);
        }

        return (info, new AcneLesionDetector(
            network, counting.Options.InputSize, counting.MirrorAverage, counting.Calibration ?? AcneCountCalibration.Identity));
    }

    /// <summary>Loads the fine-tuned network of <paramref name="directory"/> in evaluation mode.</summary>
    /// <exception cref="ModelFormatException">The folder is not a fine-tuned grader, or a file is missing or does not match.</exception>
    public static (AcneGraderInfo Info, ConditionNetwork Network) LoadFineTuned(string directory)
    {
        AcneGraderInfo info = ReadInfo(directory);
        if (info.Kind != AcneGraderKind.FineTuned || info.FineTuning is null)
        {
            throw new ModelFormatException($"The acne grader {directory} is a {info.Kind} model, not a fine-tuned one.");
        }

        string weights = RequireWeights(directory);
        var network = new ConditionNetwork(
            new Backbone.ResNet18Backbone(),
            new ClassifierHead(Backbone.ResNet18Backbone.FeatureCount, AcneGradeMetrics.GradeCount,
                info.FineTuning.HiddenUnits, info.FineTuning.DropoutRate));
        try
        {
            HalfPrecisionWeights.Load(network, weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new ModelFormatException($"{weights} does not match the fine-tuned acne grader ({e.Message}).", e);
        }

        network.eval();
        return (info, network);
    }

    /// <summary>Loads the head of the frozen-feature grader in <paramref name="directory"/>, in evaluation mode.</summary>
    /// <exception cref="ModelFormatException">The description or the weights are missing or do not match.</exception>
    public static (AcneGraderInfo Info, ClassifierHead Head) Load(string directory)
    {
        AcneGraderInfo info = ReadInfo(directory);
        if (info.Kind != AcneGraderKind.FrozenFeatures)
        {
            throw new ModelFormatException($"The acne grader {directory} is a {info.Kind} model, not a frozen-feature one.");
        }

        string weights = RequireWeights(directory);
        var head = new ClassifierHead(AcnePhotoFeaturizer.FeatureCount, AcneGradeMetrics.GradeCount);
        try
        {
            head.load(weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            head.Dispose();
            throw new ModelFormatException($"{weights} does not match the acne grader head ({e.Message}).", e);
        }

        head.eval();
        return (info, head);
    }

    /// <summary>Reads the description of the grader in <paramref name="directory"/>.</summary>
    /// <exception cref="ModelFormatException">The description is missing or unreadable.</exception>
    public static AcneGraderInfo ReadInfo(string directory)
    {
        string path = Path.Combine(directory, InfoFileName);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(
                $"The folder {directory} has no {InfoFileName}; pass a folder written by 'skinsight train acne'.");
        }

        AcneGraderInfo info;
        try
        {
            info = JsonSerializer.Deserialize<AcneGraderInfo>(File.ReadAllText(path), s_json)
                ?? throw new ModelFormatException($"{path} is empty; train the acne grader again.");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(
                ImageViews.DescribeJsonError(e, path) ?? $"{path} is not an acne grader description ({e.Message}); train it again.", e);
        }

        if (info.Views is { } views)
        {
            ImageViews.Validate(views, path);
        }

        if (info.LesionCounting?.ValidationLogCountSpread is double spread && !(spread > 0 && double.IsFinite(spread)))
        {
            throw new ModelFormatException(FormattableString.Invariant(
                $"{path} has the validationLogCountSpread {spread}; it must be a positive number, so fit it again with the recalibrate step or remove it."));
        }

        return info;
    }

    /// <summary>
    /// Returns <c>models/<paramref name="modelName"/></c> under <c>SKINSIGHT_HOME</c> or in the first folder above the
    /// application that has it (see <see cref="ModelLocation"/>), when it contains a readable grader of
    /// <paramref name="kind"/>; else null.
    /// </summary>
    internal static string? FindDefault(string modelName, AcneGraderKind kind)
    {
        string? folder = ModelLocation.Find(
            Path.Combine("models", modelName), candidate => File.Exists(Path.Combine(candidate, InfoFileName)));
        return folder is null ? null : FindIn(folder, kind);
    }

    /// <summary>Returns <paramref name="directory"/> when it contains a readable grader of <paramref name="kind"/>, else null.</summary>
    internal static string? FindIn(string directory, AcneGraderKind kind)
    {
        if (!File.Exists(Path.Combine(directory, InfoFileName)) || !File.Exists(Path.Combine(directory, WeightsFileName)))
        {
            return null;
        }

        try
        {
            return ReadInfo(directory).Kind == kind ? directory : null;
        }
        catch (ModelFormatException)
        {
            return null;
        }
    }

    private static string RequireWeights(string directory)
    {
        string weights = Path.Combine(directory, WeightsFileName);
        return File.Exists(weights)
            ? weights
            : throw new ModelFormatException(
                $"The acne grader folder {directory} has no {WeightsFileName}; train it with 'skinsight train acne'.");
    }

    /// <summary>Replaces the description in <paramref name="directory"/>, leaving the weights as they are.</summary>
    internal static void WriteInfo(string directory, AcneGraderInfo info)
    {
        // Written to a temporary file and moved, so an interrupted save leaves the previous description whole.
        string temporary = Path.Combine(directory, InfoFileName + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(info, s_json));
        File.Move(temporary, Path.Combine(directory, InfoFileName), overwrite: true);
    }
}
