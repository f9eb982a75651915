using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Features;
using Skinsight.Learning.Generative;
using static TorchSharp.torch;

// Usage:
//   skinsight-bench-gan augment --data DIR --gan DIR --cache DIR [--seeds N] [--per-class N]
//       trains the frozen-feature condition head with and without generated images of df, vasc and akiec
//   skinsight-bench-gan speed [--batch N] [--steps N] [--threads N]
//       DCGAN (width 32, latent 100, unconditional) training steps and generator inference per second;
//       bench/python/dcgan_speed.py measures the same network in PyTorch
var options = ParseOptions(args);
string command = args.Length > 0 ? args[0] : "";
return command switch
{
    "augment" => Augment(options),
    "speed" => Speed(options),
    _ => Usage($"Unknown command '{command}'; use augment or speed."),
};

static int Augment(Dictionary<string, string> options)
{
    string data = Required(options, "--data");
    string ganDir = Required(options, "--gan");
    string cache = Required(options, "--cache");
    int seedCount = Int(options, "--seeds", 5);
    int perClass = Int(options, "--per-class", 300);
    Directory.CreateDirectory(cache);
    using ResNet18Backbone backbone = PretrainedResNet18.Create();
    using GanModel gan = GanModel.Load(ganDir);

    FeatureSet train = Cached(Path.Combine(cache, "train-patches.bin"), () => RealFeatures(backbone, data, "train"));
    FeatureSet validation = Cached(Path.Combine(cache, "val-patches.bin"), () => RealFeatures(backbone, data, "val"));
    // One pool of twice the draw per class, so each seed draws a different subset without a new backbone pass.
    FeatureSet pool = Cached(Path.Combine(cache, $"generated-epoch{gan.Info.EpochsCompleted}-{perClass}.bin"),
        () => GeneratedFeatures(backbone, gan, perClass * 2));
    var report = AugmentationExperiment.Run(train, validation, pool, perClass,
        Enumerable.Range(1, seedCount).ToArray(), new HeadTrainingOptions());
    Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    return 0;
}

static FeatureSet RealFeatures(ResNet18Backbone backbone, string data, string split)
{
    IReadOnlyList<LabeledImage> images = DermaMnistDataSet.Load(data, split);
    Console.Error.WriteLine($"Extracting {images.Count} {split} patches...");
    float[][] features = GanEvaluation.Features(backbone, PatchLoader.Load(images, 64), images.Count, 64);
    return new FeatureSet(images.Select(i => i.ImageId).ToList(), images.Select(i => i.Label).ToList(), features);
}

static FeatureSet GeneratedFeatures(ResNet18Backbone backbone, GanModel gan, int perClass)
{
    var labels = new List<long>();
    foreach (string code in AugmentationExperiment.RareClasses)
    {
        labels.AddRange(Enumerable.Repeat((long)gan.Info.Spec.LabelOf(code), perClass));
    }

    Console.Error.WriteLine($"Generating and extracting {labels.Count} images...");
    byte[] images = gan.Sample(labels.ToArray(), seed: 1000);
    float[][] features = GanEvaluation.Features(backbone, images, labels.Count, gan.Info.Spec.ImageSize);
    return new FeatureSet(labels.Select((_, i) => $"generated-{i}").ToList(), labels.Select(l => (int)l).ToList(), features);
}

static FeatureSet Cached(string path, Func<FeatureSet> compute)
{
    if (File.Exists(path))
    {
        return FeatureSet.Load(path);
    }

    FeatureSet set = compute();
    set.Save(path);
    return set;
}

static int Speed(Dictionary<string, string> options)
{
    int batch = Int(options, "--batch", 64);
    int steps = Int(options, "--steps", 20);
    int threads = Int(options, "--threads", Environment.ProcessorCount);
    set_num_threads(threads);
    random.manual_seed(1);
    var spec = new GanSpec(GanArchitecture.Convolutional, [], LatentSize: 100, Width: 32);
    using var generator = spec.CreateGenerator();
    using var discriminator = spec.CreateDiscriminator();
    using var generatorOptimizer = optim.Adam(generator.parameters(), 2e-4, 0.5, 0.999);
    using var discriminatorOptimizer = optim.Adam(discriminator.parameters(), 2e-4, 0.5, 0.999);
    using Tensor real = (rand([batch, 3, 64, 64]) * 2) - 1;
    using Tensor labels = zeros([batch], ScalarType.Int64);

    double Train(int count)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            GanTraining.Step(generator, discriminator, generatorOptimizer, discriminatorOptimizer, real, labels, 100, 0.9);
        }

        return count * batch / clock.Elapsed.TotalSeconds;
    }

    double Sample(int count)
    {
        generator.eval();
        var clock = Stopwatch.StartNew();
        using var disabled = no_grad();
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            generator.forward(randn([batch, 100]), labels);
        }

        return count * batch / clock.Elapsed.TotalSeconds;
    }

    Train(3);
    double trainRate = Train(steps);
    Sample(3);
    double sampleRate = Sample(steps);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"framework\": \"TorchSharp\", \"threads\": {threads}, \"batch\": {batch}, \"steps\": {steps}, "
        + $"\"trainImagesPerSecond\": {trainRate:0.0}, \"sampleImagesPerSecond\": {sampleRate:0.0}}}"));
    return 0;
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 1; i + 1 < args.Length; i += 2)
    {
        options[args[i]] = args[i + 1];
    }

    return options;
}

static string Required(Dictionary<string, string> options, string name) =>
    options.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"{name} is required.");

static int Int(Dictionary<string, string> options, string name, int fallback) =>
    options.TryGetValue(name, out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static int Usage(string message)
{
    Console.Error.WriteLine(message);
    Console.Error.WriteLine("usage: skinsight-bench-gan augment --data DIR --gan DIR --cache DIR [--seeds N] [--per-class N]");
    Console.Error.WriteLine("       skinsight-bench-gan speed [--batch N] [--steps N] [--threads N]");
    return 2;
}
