using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Core.IO;

namespace Skinsight.Ranking.Suitability;

/// <summary>
/// A trained skin-type suitability model: per flag a bag of binary tree classifiers, a Platt calibration and a
/// decision rule, plus the majority and nearest-neighbour baselines fitted on the same training data.
/// </summary>
/// <remarks>
/// The file is one zip archive containing <c>manifest.json</c> (feature space, hyper-parameters, decision rules and
/// baseline state) and one ML.NET model archive per bag member under <c>flags/FLAG/</c>.
/// </remarks>
public sealed class SuitabilityModel
{
    private const int FormatVersion = 4;
    private const string ManifestEntry = "manifest.json";

    private readonly MLContext _ml;
    private readonly ITransformer[][] _classifiers;

    internal SuitabilityModel(
        MLContext ml,
        ITransformer[][] classifiers,
        SuitabilityFeatures features,
        BrandRates? brandRates,
        IReadOnlyList<SuitabilityHyperParameters> hyperParameters,
        MajorityBaseline majority,
        NeighbourBaseline neighbour,
        NearDuplicateRule nearDuplicates,
        FlagRules rules)
    {
        if (classifiers.Length != SkinTypeFlags.Count || classifiers.Any(bag => bag.Length == 0))
        {
            throw new ArgumentException("There must be a non-empty bag of classifiers per flag.", nameof(classifiers));
        }

        if (hyperParameters.Count != SkinTypeFlags.Count)
        {
            throw new ArgumentException(
                $"Got {hyperParameters.Count} grid settings, but there must be one per flag.", nameof(hyperParameters));
        }

        if (rules.Calibrations.Length != SkinTypeFlags.Count
            || rules.Thresholds.Length != SkinTypeFlags.Count
            || rules.UsesModel.Length != SkinTypeFlags.Count)
        {
            throw new ArgumentException("There must be one calibration, threshold and fallback choice per flag.", nameof(rules));
        }

        _ml = ml;
        _classifiers = classifiers;
        Features = features;
        BrandRates = brandRates;
        HyperParameters = hyperParameters;
        Majority = majority;
        Neighbour = neighbour;
        NearDuplicates = nearDuplicates;
        Calibrations = rules.Calibrations;
        Thresholds = rules.Thresholds;
        UsesModel = rules.UsesModel;
    }

    public SuitabilityFeatures Features { get; }

    /// <summary>The brands' smoothed flag rates appended to each feature vector; null when the model was trained without.</summary>
    public BrandRates? BrandRates { get; }

    /// <summary>Length of the vectors the classifiers read.</summary>
    public int VectorLength => Features.Length + (BrandRates is null ? 0 : SkinTypeFlags.Count);

    /// <summary>The grid setting each flag's classifiers were fitted with, in <see cref="SkinTypeFlags.Names"/> order.</summary>
    public IReadOnlyList<SuitabilityHyperParameters> HyperParameters { get; }

    public MajorityBaseline Majority { get; }

    public NeighbourBaseline Neighbour { get; }

    /// <summary>
    /// Clears a flag when the closest training product (among <see cref="Neighbour"/>'s) is nearly the same formula
    /// and lacks it; <see cref="NearDuplicateRule.Off"/> when training found no gain.
    /// </summary>
    public NearDuplicateRule NearDuplicates { get; }

    /// <summary>Platt scaling per flag, applied to the bag's mean raw probability.</summary>
    public IReadOnlyList<PlattScaling> Calibrations { get; }

    /// <summary>Calibrated probability per flag at or above which the flag counts as predicted.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Per flag, true when the thresholded model decides the flag and false when the majority rule does.</summary>
    public IReadOnlyList<bool> UsesModel { get; }

    /// <summary>Number of classifiers averaged per flag.</summary>
    public IReadOnlyList<int> BagSizes => [.. _classifiers.Select(bag => bag.Length)];

    /// <summary>Loads a model saved by <see cref="SuitabilityTrainer"/>.</summary>
    /// <exception cref="SuitabilityException">The file is missing or is not a suitability model.</exception>
    public static SuitabilityModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new SuitabilityException(
                $"Suitability model not found: {path}. Pass the path of a saved model, or train one with 'skinsight train suitability'.");
        }

        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            SuitabilityManifest manifest = ReadManifest(zip, path);
            var ml = new MLContext(seed: 0);
            var classifiers = new ITransformer[SkinTypeFlags.Count][];
            for (int f = 0; f < classifiers.Length; f++)
            {
                classifiers[f] = new ITransformer[manifest.BagSizes[f]];
                for (int m = 0; m < classifiers[f].Length; m++)
                {
                    classifiers[f][m] = LoadClassifier(ml, zip, path, MemberEntry(f, m));
                }
            }

            var features = new SuitabilityFeatures(
                manifest.Vocabulary, manifest.ActiveIds, manifest.NameTokens, manifest.Brands, IngredientKnowledge.LoadDefault());
            var neighbour = new NeighbourBaseline(manifest.NeighbourK, manifest.NeighbourIngredients, manifest.NeighbourFlags);
            BrandRates? brandRates = manifest.BrandCounts is null
                ? null
                : new BrandRates(manifest.BrandCounts, manifest.BrandOverallRates, manifest.BrandRateStrength);
            return new SuitabilityModel(
                ml,
                classifiers,
                features,
                brandRates,
                manifest.HyperParameters,
                new MajorityBaseline(manifest.MajorityFlags),
                neighbour,
                new NearDuplicateRule(manifest.NearDuplicateMinSimilarity),
                new FlagRules(manifest.Calibrations, manifest.Thresholds, manifest.UsesModel));
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException)
        {
            throw new SuitabilityException($"Suitability model {path} is unreadable ({ex.Message}). Retrain it.", ex);
        }
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/>, replacing any file there. The archive is written under a temporary
    /// name beside it and moved into place, so a failed or stopped save leaves the previous file whole.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        AtomicFile.Write(path, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write);
            WriteArchive(file);
        });
    }

    private void WriteArchive(Stream file)
    {
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
            BagSizes = [.. BagSizes],
            Calibrations = [.. Calibrations],
            Thresholds = [.. Thresholds],
            UsesModel = [.. UsesModel],
            BrandCounts = BrandRates?.Counts.ToDictionary(),
            BrandOverallRates = BrandRates?.OverallRates ?? [],
            BrandRateStrength = BrandRates?.Strength ?? 0,
            MajorityFlags = Majority.Flags,
            NeighbourK = Neighbour.K,
            NeighbourIngredients = [.. Neighbour.TrainingIngredients],
            NeighbourFlags = [.. Neighbour.TrainingFlags],
            NearDuplicateMinSimilarity = NearDuplicates.MinSimilarity,
        };
        using (Stream stream = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(stream, manifest, SuitabilityJson.Options);
        }

        DataViewSchema schema = FeatureRows.Schema(_ml, VectorLength);
        for (int f = 0; f < _classifiers.Length; f++)
        {
            for (int m = 0; m < _classifiers[f].Length; m++)
            {
                using Stream stream = zip.CreateEntry(MemberEntry(f, m)).Open();
                _ml.Model.Save(_classifiers[f][m], schema, stream);
            }
        }
    }

    /// <summary>Returns the model's calibrated probability that the product suits each skin type, keyed by flag name.</summary>
    public IReadOnlyDictionary<string, double> Predict(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        double[] probabilities = PredictProbabilities([product])[0];
        return SkinTypeFlags.Names.Select((name, f) => (name, f)).ToDictionary(p => p.name, p => probabilities[p.f]);
    }

    /// <summary>Returns the calibrated probabilities of each product, as <c>[product][flag]</c>.</summary>
    public double[][] PredictProbabilities(IReadOnlyList<Product> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        float[][] features = [.. products.Select(VectorOf)];
        var result = features.Select(_ => new double[SkinTypeFlags.Count]).ToArray();
        if (features.Length == 0)
        {
            return result;
        }

        IDataView data = FeatureRows.Load(_ml, features, labels: null);
        for (int f = 0; f < SkinTypeFlags.Count; f++)
        {
            double[] sum = new double[features.Length];
            foreach (ITransformer member in _classifiers[f])
            {
                float[] probabilities = [.. member.Transform(data).GetColumn<float>("Probability")];
                for (int i = 0; i < sum.Length; i++)
                {
                    sum[i] += probabilities[i];
                }
            }

            for (int i = 0; i < sum.Length; i++)
            {
                result[i][f] = Calibrations[f].Apply(sum[i] / _classifiers[f].Length);
            }
        }

        return result;
    }

    /// <summary>Returns the predicted flags of each product, as <c>[product][flag]</c>.</summary>
    public bool[][] PredictFlags(IReadOnlyList<Product> products) => DecideFlags(products, PredictProbabilities(products));

    /// <summary>
    /// Converts the products' calibrated probabilities (<c>[product][flag]</c>, from <see cref="PredictProbabilities"/>)
    /// into flags. A flag that uses the model is set when its probability reaches the flag's threshold. Any other flag
    /// takes the majority baseline's value. Then the near-duplicate rule may clear flags.
    /// </summary>
    public bool[][] DecideFlags(IReadOnlyList<Product> products, IReadOnlyList<double[]> probabilities)
    {
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (products.Count != probabilities.Count)
        {
            throw new ArgumentException(
                $"Got {products.Count} products and {probabilities.Count} probability rows. Pass one row per product.", nameof(probabilities));
        }

        return [.. products.Select((product, i) =>
        {
            bool[] flags = DecideWithoutNearDuplicates(probabilities[i]);
            return NearDuplicates.MinSimilarity is null
                ? flags
                : NearDuplicates.Apply(
                    flags,
                    Neighbour.Nearest(SuitabilityFeatures.NormalisedSet(product), NearDuplicateRule.MinIngredients),
                    Neighbour.TrainingFlags);
        })];
    }

    /// <summary>Returns one product's flags from its probabilities alone: the thresholded model or the majority rule.</summary>
    internal bool[] DecideWithoutNearDuplicates(double[] probabilities) =>
        [.. probabilities.Select((p, f) => UsesModel[f] ? p >= Thresholds[f] : Majority.Flags[f])];

    private float[] VectorOf(Product product) =>
        BrandRates is null
            ? Features.Extract(product)
            : [.. Features.Extract(product), .. BrandRates.Encode(SuitabilityFeatures.NormaliseBrand(product.Brand))];

    /// <summary>Returns each single classifier's uncalibrated probabilities, as <c>[row][flag]</c>.</summary>
    internal static double[][] PredictRawProbabilities(MLContext ml, IReadOnlyList<ITransformer> classifiers, float[][] features)
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

    private static ITransformer LoadClassifier(MLContext ml, ZipArchive zip, string path, string name)
    {
        ZipArchiveEntry entry = zip.GetEntry(name)
            ?? throw new SuitabilityException($"Suitability model {path} has no entry {name}. Retrain it.");
        using var buffer = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        return ml.Model.Load(buffer, out _);
    }

    private static SuitabilityManifest ReadManifest(ZipArchive zip, string path)
    {
        ZipArchiveEntry entry = zip.GetEntry(ManifestEntry)
            ?? throw new SuitabilityException($"File {path} is not a suitability model (no {ManifestEntry}). Pass a model saved by 'skinsight train suitability'.");
        using Stream stream = entry.Open();
        SuitabilityManifest manifest = JsonSerializer.Deserialize<SuitabilityManifest>(stream, SuitabilityJson.Options)
            ?? throw new SuitabilityException($"Suitability model {path} has an empty {ManifestEntry}. Retrain it.");
        if (manifest.FormatVersion != FormatVersion || !manifest.Flags.SequenceEqual(SkinTypeFlags.Names))
        {
            throw new SuitabilityException(
                $"Suitability model {path} has format version {manifest.FormatVersion} and flags [{string.Join(", ", manifest.Flags)}], "
                + $"but this program reads only version {FormatVersion} with flags [{string.Join(", ", SkinTypeFlags.Names)}]. "
                + "Retrain it with 'skinsight train suitability'.");
        }

        int[] counts =
        [
            manifest.HyperParameters.Length, manifest.BagSizes.Length, manifest.Calibrations.Length,
            manifest.Thresholds.Length, manifest.UsesModel.Length,
        ];
        if (counts.Any(c => c != SkinTypeFlags.Count) || manifest.BagSizes.Any(b => b < 1))
        {
            throw new SuitabilityException(
                $"Suitability model {path} lacks a grid setting, bag, calibration, threshold or fallback choice for some flag. Retrain it.");
        }

        return manifest;
    }

    private static string MemberEntry(int flag, int member) => $"flags/{SkinTypeFlags.Names[flag]}/{member}.zip";

    /// <summary>The per-flag calibrations, thresholds and fallback choices, in <see cref="SkinTypeFlags.Names"/> order.</summary>
    internal sealed record FlagRules(PlattScaling[] Calibrations, double[] Thresholds, bool[] UsesModel);
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

    public int[] BagSizes { get; init; } = [];

    public PlattScaling[] Calibrations { get; init; } = [];

    public double[] Thresholds { get; init; } = [];

    public bool[] UsesModel { get; init; } = [];

    /// <summary>Products and flag counts per brand; null when the model has no brand rates.</summary>
    public Dictionary<string, BrandCount>? BrandCounts { get; init; }

    public double[] BrandOverallRates { get; init; } = [];

    public double BrandRateStrength { get; init; }

    public bool[] MajorityFlags { get; init; } = [];

    public int NeighbourK { get; init; }

    public string[][] NeighbourIngredients { get; init; } = [];

    public bool[][] NeighbourFlags { get; init; } = [];

    /// <summary>Similarity of the near-duplicate rule; null when it is off.</summary>
    public double? NearDuplicateMinSimilarity { get; init; }
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
