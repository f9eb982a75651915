using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using static TorchSharp.torch;

namespace Skinsight.Learning.Generative;

/// <summary>What a GAN folder records beside its weights: its shape, how it was trained and its loss history.</summary>
/// <param name="EpochsCompleted">Epochs trained so far; a resumed run continues from here.</param>
public sealed record GanInfo(
    GanSpec Spec,
    int Seed,
    int EpochsCompleted,
    int TrainingImages,
    string DataFolder,
    DateTime SavedAtUtc,
    IReadOnlyList<GanEpochLoss> Losses);

/// <summary>Mean losses of one epoch, and the mean discriminator output on real and on generated images.</summary>
public sealed record GanEpochLoss(int Epoch, double DiscriminatorLoss, double GeneratorLoss, double RealScore,
    double FakeScore, double Seconds);

/// <summary>A trained generator loaded from its folder, ready to sample.</summary>
public sealed class GanModel : IDisposable
{
    internal const string InfoFile = "gan.json";
    internal const string GeneratorFile = "generator.bin";
    internal const string DiscriminatorFile = "discriminator.bin";
    internal const string GeneratorOptimizerFile = "generator-optimizer.bin";
    internal const string DiscriminatorOptimizerFile = "discriminator-optimizer.bin";

    internal static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        // Set explicitly so that hosts which turn reflection-based serialisation off by default still read gan.json.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private GanModel(GanInfo info, GanGenerator generator)
    {
        Info = info;
        Generator = generator;
    }

    public GanInfo Info { get; }

    public GanGenerator Generator { get; }

    /// <summary>Loads the generator of the GAN folder <paramref name="directory"/>.</summary>
    /// <exception cref="LearningException">The folder lacks gan.json or generator.bin, or they do not match.</exception>
    public static GanModel Load(string directory)
    {
        GanInfo info = ReadInfo(directory);
        string weights = Path.Combine(directory, GeneratorFile);
        if (!File.Exists(weights))
        {
            throw new LearningException($"The GAN folder {directory} has no {GeneratorFile}; train it with 'skinsight gan train'.");
        }

        GanGenerator generator = info.Spec.CreateGenerator();
        generator.load(weights);
        generator.eval();
        return new GanModel(info, generator);
    }

    /// <summary>Reads gan.json of <paramref name="directory"/>.</summary>
    /// <exception cref="LearningException">The file is missing or unreadable.</exception>
    public static GanInfo ReadInfo(string directory)
    {
        string path = Path.Combine(directory, InfoFile);
        if (!File.Exists(path))
        {
            throw new LearningException($"The folder {directory} has no {InfoFile}; pass a folder written by 'skinsight gan train'.");
        }

        try
        {
            return JsonSerializer.Deserialize<GanInfo>(File.ReadAllText(path), s_json)
                ?? throw new LearningException($"{path} is empty; train the GAN again.");
        }
        catch (JsonException e)
        {
            throw new LearningException($"{path} is not a GAN description ({e.Message}); train the GAN again.");
        }
    }

    /// <summary>
    /// Generates <paramref name="count"/> images as RGB bytes [count, 3, size, size]. The same seed gives the same
    /// images. Labels are <paramref name="label"/> for all, or spread evenly over the classes when it is null.
    /// </summary>
    public byte[] Sample(int count, int seed, int? label = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int classes = Math.Max(1, Info.Spec.ClassNames.Count);
        return Sample(Enumerable.Range(0, count).Select(i => (long)(label ?? (i % classes))).ToArray(), seed);
    }

    /// <summary>Generates one image per label, as RGB bytes [labels, 3, size, size]; the same seed gives the same images.</summary>
    public byte[] Sample(long[] labels, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        using var disabled = no_grad();
        using var generatorRandom = new Generator((ulong)seed);
        Tensor latent = randn([labels.Length, Info.Spec.LatentSize], generator: generatorRandom);
        return ToBytes(Generator.forward(latent, tensor(labels)));
    }

    /// <summary>Converts images with values -1 to 1 to bytes 0-255.</summary>
    internal static byte[] ToBytes(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor scaled = ((images.clamp(-1, 1) + 1) * 127.5).round().to(ScalarType.Byte);
        return scaled.data<byte>().ToArray();
    }

    public void Dispose() => Generator.Dispose();
}
