using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Ranking.Suitability;

/// <summary>
/// A trained skin-type suitability model: one binary tree classifier per flag, plus the majority and
/// nearest-neighbour baselines fitted on the same training data.
/// </summary>
/// <remarks>
/// The file is one zip archive containing <c>manifest.json</c> (feature space, hyper-parameters and baseline state)
/// and one ML.NET model archive per flag under <c>flags/</c>.
/// </remarks>
public sealed class SuitabilityModel
{
    private const int FormatVersion = 2;
    private const string ManifestEntry = "manifest.json";

    private readonly MLContext _ml;
    private readonly ITransformer[] _classifiers;

    internal SuitabilityModel(
        MLContext ml,
        ITransformer[] classifiers,
        SuitabilityFeatures features,
        IReadOnlyList<SuitabilityHyperParameters> hyperParameters,
        MajorityBaseline majority,
        NeighbourBaseline neighbour,
        double[] thresholds)
    {
        if (thresholds.Length != SkinTypeFlags.Count)
        {
            throw new ArgumentException($"Got {thresholds.Length} thresholds, but there must be one per flag.", nameof(thresholds));
        }

        if (hyperParameters.Count != SkinTypeFlags.Count)
        {
            throw new ArgumentException(
                $"Got {hyperParameters.Count} grid settings, but there must be one per flag.", nameof(hyperParameters));
        }

        _ml = ml;
        Thresholds = thresholds;
        _classifiers = classifiers;
        Features = features;
        HyperParameters = hyperParameters;
        Majority = majority;
        Neighbour = neighbour;
    }

    public SuitabilityFeatures Features { get; }

    /// <summary>The grid setting each flag's classifier was fitted with, in <see cref="SkinTypeFlags.Names"/> order.</summary>
    public IReadOnlyList<SuitabilityHyperParameters> HyperParameters { get; }

    public MajorityBaseline Majority { get; }

    public NeighbourBaseline Neighbour { get; }

    /// <summary>
    /// Probability per flag at or above which the flag counts as predicted, chosen on out-of-fold predictions of the
    /// training data.
    /// </summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Loads a model saved by <see cref="SuitabilityTrainer"/>.</summary>
    /// <exception cref="SuitabilityException">The file is missing or is not a suitability model.</exception>
    public static SuitabilityModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new SuitabilityException(
                $"Suitability model not found: {path}. Train one first with SuitabilityTrainer.Train or pass the right path.");
        }

        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            SuitabilityManifest manifest = ReadManifest(zip, path);
            var ml = new MLContext(seed: 0);
            var classifiers = new ITransformer[SkinTypeFlags.Count];
            for (int f = 0; f < classifiers.Length; f++)
            {
                ZipArchiveEntry entry = zip.GetEntry(FlagEntry(f))
                    ?? throw new SuitabilityException($"Suitability model {path} has no entry {FlagEntry(f)}. Retrain it.");
                using var buffer = new MemoryStream();
                using (Stream stream = entry.Open())
                {
                    stream.CopyTo(buffer);
                }

                buffer.Position = 0;
                classifiers[f] = ml.Model.Load(buffer, out _);
            }

            var features = new SuitabilityFeatures(
                manifest.Vocabulary, manifest.ActiveIds, manifest.NameTokens, manifest.Brands, IngredientKnowledge.LoadDefault());
            var neighbour = new NeighbourBaseline(manifest.NeighbourK, manifest.NeighbourIngredients, manifest.NeighbourFlags);
            return new SuitabilityModel(
                ml,
                classifiers,
                features,
                manifest.HyperParameters,
                new MajorityBaseline(manifest.MajorityFlags),
                neighbour,
                manifest.Thresholds);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException)
        {
            throw new SuitabilityException($"Suitability model {path} is unreadable ({ex.Message}). Retrain it.", ex);
        }
    }

    /// <summary>Writes the model to <paramref name="path"/>, replacing any file there.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var manifest = new SuitabilityManifest
        {
            FormatVersion = FormatVersion,
            Flags = [.. SkinTypeFlags.Names],
            Vocabulary = [.. Features.Vocabulary],
            ActiveIds = [.. Features.ActiveIds],
            NameTokens = [.. Features.NameTokens],
            Brands = [.. Features.Brands],
            HyperParameters = [.. HyperParameters],
            Thresholds = [.. Thresholds],
            MajorityFlags = Majority.Flags,
            NeighbourK = Neighbour.K,
            NeighbourIngredients = [.. Neighbour.TrainingIngredients],
            NeighbourFlags = [.. Neighbour.TrainingFlags],
        };
        using (Stream stream = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(stream, manifest, SuitabilityJson.Options);
        }

        DataViewSchema schema = FeatureRows.Schema(_ml, Features.Length);
        for (int f = 0; f < _classifiers.Length; f++)
        {
            using Stream stream = zip.CreateEntry(FlagEntry(f)).Open();
            _ml.Model.Save(_classifiers[f], schema, stream);
        }
    }

    /// <summary>Returns the model's probability that the product suits each skin type, keyed by flag name.</summary>
    public IReadOnlyDictionary<string, double> Predict(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        double[] probabilities = PredictProbabilities([product])[0];
        return SkinTypeFlags.Names.Select((name, f) => (name, f)).ToDictionary(p => p.name, p => probabilities[p.f]);
    }

    /// <summary>Returns the probabilities of each product, as <c>[product][flag]</c>.</summary>
    public double[][] PredictProbabilities(IReadOnlyList<Product> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        float[][] features = [.. products.Select(Features.Extract)];
        return PredictProbabilities(_ml, _classifiers, features);
    }

    /// <summary>Returns the flags whose probability reaches the flag's threshold, as <c>[product][flag]</c>.</summary>
    public bool[][] PredictFlags(IReadOnlyList<Product> products) =>
        [.. PredictProbabilities(products).Select(row => row.Select((p, f) => p >= Thresholds[f]).ToArray())];

    internal static double[][] PredictProbabilities(MLContext ml, IReadOnlyList<ITransformer> classifiers, float[][] features)
    {
        var result = features.Select(_ => new double[classifiers.Count]).ToArray();
        if (features.Length == 0)
        {
            return result;
        }

        IDataView data = FeatureRows.Load(ml, features, labels: null);
        for (int f = 0; f < classifiers.Count; f++)
        {
            float[] probabilities = [.. classifiers[f].Transform(data).GetColumn<float>("Probability")];
            for (int i = 0; i < features.Length; i++)
            {
                result[i][f] = probabilities[i];
            }
        }

        return result;
    }

    private static SuitabilityManifest ReadManifest(ZipArchive zip, string path)
    {
        ZipArchiveEntry entry = zip.GetEntry(ManifestEntry)
            ?? throw new SuitabilityException($"File {path} is not a suitability model (no {ManifestEntry}). Pass a model saved by SuitabilityTrainer.");
        using Stream stream = entry.Open();
        SuitabilityManifest manifest = JsonSerializer.Deserialize<SuitabilityManifest>(stream, SuitabilityJson.Options)
            ?? throw new SuitabilityException($"Suitability model {path} has an empty {ManifestEntry}. Retrain it.");
        if (manifest.FormatVersion != FormatVersion || !manifest.Flags.SequenceEqual(SkinTypeFlags.Names))
        {
            throw new SuitabilityException(
                $"Suitability model {path} has format version {manifest.FormatVersion} and flags [{string.Join(", ", manifest.Flags)}]. Retrain it with this version.");
        }

        if (manifest.HyperParameters.Length != SkinTypeFlags.Count || manifest.Thresholds.Length != SkinTypeFlags.Count)
        {
            throw new SuitabilityException(
                $"Suitability model {path} has {manifest.HyperParameters.Length} grid settings and {manifest.Thresholds.Length} thresholds, but needs one of each per flag. Retrain it.");
        }

        return manifest;
    }

    private static string FlagEntry(int flag) => $"flags/{SkinTypeFlags.Names[flag]}.zip";
}

/// <summary>The JSON part of a saved suitability model.</summary>
internal sealed record SuitabilityManifest
{
    public int FormatVersion { get; init; }

    public string[] Flags { get; init; } = [];

    public string[] Vocabulary { get; init; } = [];

    public string[] ActiveIds { get; init; } = [];

    public string[] NameTokens { get; init; } = [];

    public string[] Brands { get; init; } = [];

    public SuitabilityHyperParameters[] HyperParameters { get; init; } = [];

    public double[] Thresholds { get; init; } = [];

    public bool[] MajorityFlags { get; init; } = [];

    public int NeighbourK { get; init; }

    public string[][] NeighbourIngredients { get; init; } = [];

    public bool[][] NeighbourFlags { get; init; } = [];
}

/// <summary>Builds the ML.NET data views the per-flag classifiers train on and score.</summary>
internal static class FeatureRows
{
    public static IDataView Load(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool>? labels)
    {
        int length = features.Count > 0 ? features[0].Length : 0;
        SchemaDefinition definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
        Row[] rows = [.. features.Select((f, i) => new Row { Features = f, Label = labels?[i] ?? false })];
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    public static DataViewSchema Schema(MLContext ml, int length) =>
        Load(ml, [new float[length]], labels: null).Schema;

    internal sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}

internal static class SuitabilityJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
