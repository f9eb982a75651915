using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Skinsight.Learning.Condition;

namespace Skinsight.Learning.Acne;

/// <summary>Validation accuracy of one head setting tried during training.</summary>
public sealed record AcneCandidate(AcneHeadOptions Options, double ValidationAccuracy, double ValidationGradeError);

/// <summary>What an acne grader model folder records beside its weights.</summary>
/// <param name="Options">Settings of the saved head: the candidate with the best validation accuracy.</param>
/// <param name="Features">How the photo features were built.</param>
/// <param name="Validation">Metrics of the saved head on the val split.</param>
/// <param name="Test">Metrics of the saved head on the test split, measured once after the choice was made.</param>
/// <param name="Candidates">Every head setting tried, with its validation accuracy.</param>
public sealed record AcneGraderInfo(
    AcneHeadOptions Options,
    string Features,
    int TrainingPhotos,
    AcneGradeMetrics Validation,
    AcneGradeMetrics Test,
    IReadOnlyList<AcneCandidate> Candidates,
    string DataFolder,
    DateTime SavedAtUtc,
    double FeatureSeconds,
    double TrainingSeconds);

/// <summary>File names, writing and reading of an acne grader model folder.</summary>
public static class AcneGraderModel
{
    public const string DefaultModelName = "acne-grader";
    public const string InfoFileName = "acne-grader.json";
    public const string WeightsFileName = "weights.bin";

    internal static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Set explicitly so that hosts which turn reflection-based serialisation off by default still read the file.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Writes the head's weights and <paramref name="info"/> into <paramref name="directory"/>.</summary>
    public static void Save(string directory, ClassifierHead head, AcneGraderInfo info)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(info);
        Directory.CreateDirectory(directory);
        head.save(Path.Combine(directory, WeightsFileName));

        // Written to a temporary file and moved, so an interrupted save leaves the previous description whole.
        string temporary = Path.Combine(directory, InfoFileName + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(info, s_json));
        File.Move(temporary, Path.Combine(directory, InfoFileName), overwrite: true);
    }

    /// <summary>Loads the head of <paramref name="directory"/> in evaluation mode.</summary>
    /// <exception cref="ModelFormatException">The description or the weights are missing or do not match.</exception>
    public static (AcneGraderInfo Info, ClassifierHead Head) Load(string directory)
    {
        AcneGraderInfo info = ReadInfo(directory);
        string weights = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weights))
        {
            throw new ModelFormatException(
                $"The acne grader folder {directory} has no {WeightsFileName}; train it with 'skinsight train acne'.");
        }

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

    private static AcneGraderInfo ReadInfo(string directory)
    {
        string path = Path.Combine(directory, InfoFileName);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(
                $"The folder {directory} has no {InfoFileName}; pass a folder written by 'skinsight train acne'.");
        }

        try
        {
            return JsonSerializer.Deserialize<AcneGraderInfo>(File.ReadAllText(path), s_json)
                ?? throw new ModelFormatException($"{path} is empty; train the acne grader again.");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path} is not an acne grader description ({e.Message}); train it again.", e);
        }
    }
}
