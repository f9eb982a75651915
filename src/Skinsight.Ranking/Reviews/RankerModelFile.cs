using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Skinsight.Core.IO;

namespace Skinsight.Ranking.Reviews;

/// <summary>LightGBM settings of one grid point.</summary>
public sealed record RankerHyperparameters(
    int NumberOfLeaves, double LearningRate, int NumberOfIterations, int MinimumExampleCountPerLeaf);

/// <summary>Everything besides the two ML.NET models that scoring needs: vocabularies and training statistics.</summary>
internal sealed class RankerState
{
    public ReviewLayout Layout { get; set; }

    public int Seed { get; set; }

    public string TrainedOn { get; set; } = "";

    public RankerHyperparameters? Hyperparameters { get; set; }

    public RankerHyperparameters? NoProfileHyperparameters { get; set; }

    public FeatureSpace Space { get; set; } = new();

    public ReviewStatistics Statistics { get; set; } = new();
}

/// <summary>ML.NET input row: the dislike label and the feature vector.</summary>
internal sealed class FeatureRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}

/// <summary>
/// One zip file holding the full model, the model without profile and history features (a baseline) and the
/// <see cref="RankerState"/> as JSON, so a model and the statistics it was trained with cannot drift apart.
/// </summary>
internal sealed class RankerModelFile
{
    private const string ModelEntry = "ranker.mlnet.zip";
    private const string NoProfileEntry = "ranker-no-profile.mlnet.zip";
    private const string StateEntry = "state.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };

    public required RankerState State { get; init; }

    public required ITransformer Model { get; init; }

    public required ITransformer NoProfileModel { get; init; }

    public static SchemaDefinition SchemaFor(int featureCount)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    public static IDataView ToDataView(MLContext ml, IReadOnlyList<FeatureRow> rows, int featureCount) =>
        ml.Data.LoadFromEnumerable(rows, SchemaFor(featureCount));

    /// <summary>
    /// Writes the model to <paramref name="path"/> through a temporary file, so a failed or stopped save leaves the
    /// previous model whole.
    /// </summary>
    public void Save(MLContext ml, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        AtomicFile.Write(path, temporary =>
        {
            using FileStream file = File.Create(temporary);
            using var zip = new ZipArchive(file, ZipArchiveMode.Create);
            WriteModel(ml, zip, ModelEntry, Model, State.Space.Names(personal: true).Count);
            WriteModel(ml, zip, NoProfileEntry, NoProfileModel, State.Space.Names(personal: false).Count);
            using Stream state = zip.CreateEntry(StateEntry).Open();
            JsonSerializer.Serialize(state, State, s_json);
        });
    }

    /// <exception cref="RankerDataException">The file is missing or is not a ranker model.</exception>
    public static RankerModelFile Load(MLContext ml, string path)
    {
        if (!File.Exists(path))
        {
            throw new RankerDataException($"The ranker model {path} was not found. Train one with ReviewRanker.Train first.");
        }

        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            RankerState state;
            using (Stream stream = Entry(zip, path, StateEntry).Open())
            {
                state = JsonSerializer.Deserialize<RankerState>(stream, s_json)
                    ?? throw new RankerDataException($"The ranker model {path} has an empty state. Train it again.");
            }

            return new RankerModelFile
            {
                State = state,
                Model = ReadModel(ml, Entry(zip, path, ModelEntry)),
                NoProfileModel = ReadModel(ml, Entry(zip, path, NoProfileEntry)),
            };
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or FormatException)
        {
            throw new RankerDataException($"The ranker model {path} cannot be read: {e.Message}. Train it again.", e);
        }
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string path, string name) =>
        zip.GetEntry(name)
        ?? throw new RankerDataException($"The ranker model {path} lacks its {name} entry. Train it again.");

    private static void WriteModel(MLContext ml, ZipArchive zip, string name, ITransformer model, int featureCount)
    {
        var buffer = new MemoryStream();
        ml.Model.Save(model, ToDataView(ml, [], featureCount).Schema, buffer);
        using Stream entry = zip.CreateEntry(name).Open();
        buffer.Position = 0;
        buffer.CopyTo(entry);
    }

    private static ITransformer ReadModel(MLContext ml, ZipArchiveEntry entry)
    {
        var buffer = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        return ml.Model.Load(buffer, out _);
    }
}
