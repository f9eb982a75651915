using System.Diagnostics;
using System.Text.Json;
using Skinsight.Core.IO;
using Skinsight.Learning.Data;
using Skinsight.Learning.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Generative;

/// <summary>How to train a GAN.</summary>
/// <param name="Epochs">Total epochs; a resumed run trains only the ones still missing.</param>
/// <param name="RealLabel">Target for real images in the discriminator loss; below 1 is one-sided label smoothing.</param>
public sealed record GanTrainingOptions(
    int Epochs = 25,
    int Seed = 1,
    int BatchSize = 64,
    double LearningRate = 2e-4,
    double Beta1 = 0.5,
    double RealLabel = 0.9);

/// <summary>Progress within a GAN training run, reported after every batch.</summary>
public sealed record GanProgress(int Epoch, int Epochs, int Batch, int Batches, double DiscriminatorLoss,
    double GeneratorLoss, TimeSpan Elapsed);

/// <summary>Trains a GAN with the non-saturating loss and Adam, checkpointing to its folder after every epoch.</summary>
public static class GanTraining
{
    /// <summary>
    /// Trains the GAN <paramref name="spec"/> on <paramref name="images"/> and saves it to <paramref name="directory"/>.
    /// When the folder already contains a checkpoint of the same shape and seed, training resumes after its last epoch.
    /// </summary>
    /// <exception cref="LearningException">The folder holds a checkpoint of another shape or seed.</exception>
    public static GanInfo Train(
        GanSpec spec,
        IReadOnlyList<LabeledImage> images,
        string dataFolder,
        string directory,
        GanTrainingOptions options,
        IProgress<GanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        if (images.Count < options.BatchSize)
        {
            throw new LearningException(
                $"The GAN needs at least {options.BatchSize} training images (one batch); the data has {images.Count}.");
        }

        random.manual_seed(options.Seed);
        using var generator = spec.CreateGenerator();
        using var discriminator = spec.CreateDiscriminator();
        using var generatorOptimizer = optim.Adam(generator.parameters(), options.LearningRate, options.Beta1, 0.999);
        using var discriminatorOptimizer = optim.Adam(discriminator.parameters(), options.LearningRate, options.Beta1, 0.999);
        List<GanEpochLoss> losses = Resume(spec, options, directory, generator, discriminator,
            generatorOptimizer, discriminatorOptimizer);

        byte[] patches = PatchLoader.Load(images, spec.ImageSize);
        using Tensor allImages = tensor(patches, [images.Count, 3, spec.ImageSize, spec.ImageSize]);
        long[] allLabels = images.Select(i => spec.Conditional ? (long)i.Label : 0L).ToArray();
        int batches = images.Count / options.BatchSize;
        var clock = Stopwatch.StartNew();

        for (int epoch = losses.Count + 1; epoch <= options.Epochs; epoch++)
        {
            // Each epoch's order depends only on the seed and the epoch, so a resumed run gets the same batches.
            var epochRandom = new Random(EpochSeed(options.Seed, epoch));
            int[] order = Enumerable.Range(0, images.Count).ToArray();
            epochRandom.Shuffle(order);
            generator.train();
            discriminator.train();
            var epochClock = Stopwatch.StartNew();
            double dSum = 0, gSum = 0, realSum = 0, fakeSum = 0;
            for (int batch = 0; batch < batches; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                long[] index = order.AsSpan(batch * options.BatchSize, options.BatchSize).ToArray()
                    .Select(i => (long)i).ToArray();
                using Tensor indexTensor = tensor(index);
                Tensor real = (allImages.index_select(0, indexTensor).to(ScalarType.Float32) / 127.5) - 1;
                // Random mirror images: skin and lesions have no preferred orientation.
                if (epochRandom.Next(2) == 0)
                {
                    real = real.flip(3);
                }

                Tensor labels = tensor(index.Select(i => allLabels[i]).ToArray());
                var step = Step(generator, discriminator, generatorOptimizer, discriminatorOptimizer, real, labels,
                    spec.LatentSize, options.RealLabel);
                dSum += step.DiscriminatorLoss;
                gSum += step.GeneratorLoss;
                realSum += step.RealScore;
                fakeSum += step.FakeScore;
                progress?.Report(new GanProgress(epoch, options.Epochs, batch + 1, batches,
                    dSum / (batch + 1), gSum / (batch + 1), clock.Elapsed));
            }

            losses.Add(new GanEpochLoss(epoch, dSum / batches, gSum / batches, realSum / batches, fakeSum / batches,
                epochClock.Elapsed.TotalSeconds));
            Save(directory, new GanInfo(spec, options.Seed, epoch, images.Count, dataFolder, DateTime.UtcNow, losses),
                generator, discriminator, generatorOptimizer, discriminatorOptimizer);
        }

        return GanModel.ReadInfo(directory);
    }

    /// <summary>Losses and mean discriminator outputs of one optimisation step.</summary>
    public readonly record struct StepResult(double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore);

    /// <summary>
    /// One discriminator step on real and generated images, then one generator step against the updated
    /// discriminator. Generated images take the labels of the real batch, so classes appear as often as in the data.
    /// </summary>
    public static StepResult Step(
        GanGenerator generator,
        GanDiscriminator discriminator,
        OptimizerHelper generatorOptimizer,
        OptimizerHelper discriminatorOptimizer,
        Tensor real,
        Tensor labels,
        int latentSize,
        double realLabel)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(generatorOptimizer);
        ArgumentNullException.ThrowIfNull(discriminatorOptimizer);
        ArgumentNullException.ThrowIfNull(real);
        using var scope = NewDisposeScope();
        long n = real.shape[0];
        Tensor realTarget = full([n], realLabel);
        Tensor fakeTarget = zeros([n]);
        Tensor generated = generator.forward(randn([n, latentSize]), labels);

        discriminatorOptimizer.zero_grad();
        Tensor realLogits = discriminator.forward(real, labels);
        Tensor fakeLogits = discriminator.forward(generated.detach(), labels);
        Tensor discriminatorLoss = nn.functional.binary_cross_entropy_with_logits(realLogits, realTarget)
            + nn.functional.binary_cross_entropy_with_logits(fakeLogits, fakeTarget);
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        generatorOptimizer.zero_grad();
        Tensor generatorLoss = nn.functional.binary_cross_entropy_with_logits(
            discriminator.forward(generated, labels), ones([n]));
        generatorLoss.backward();
        generatorOptimizer.step();

        return new StepResult(discriminatorLoss.item<float>(), generatorLoss.item<float>(),
            realLogits.sigmoid().mean().item<float>(), fakeLogits.sigmoid().mean().item<float>());
    }

    private static List<GanEpochLoss> Resume(
        GanSpec spec,
        GanTrainingOptions options,
        string directory,
        GanGenerator generator,
        GanDiscriminator discriminator,
        OptimizerHelper generatorOptimizer,
        OptimizerHelper discriminatorOptimizer)
    {
        if (!File.Exists(Path.Combine(directory, GanModel.InfoFile)))
        {
            return [];
        }

        GanInfo saved = GanModel.ReadInfo(directory);
        if (saved.Spec.Architecture != spec.Architecture || saved.Spec.Conditional != spec.Conditional
            || saved.Spec.LatentSize != spec.LatentSize || saved.Spec.Width != spec.Width || saved.Seed != options.Seed)
        {
            throw new LearningException(
                $"The folder {directory} holds a GAN of another shape or seed ({saved.Spec.Architecture}, seed "
                + $"{saved.Seed}); pass another --out folder or delete that one.");
        }

        generator.load(Path.Combine(directory, GanModel.GeneratorFile));
        discriminator.load(Path.Combine(directory, GanModel.DiscriminatorFile));
        generatorOptimizer.load_state_dict(Path.Combine(directory, GanModel.GeneratorOptimizerFile));
        discriminatorOptimizer.load_state_dict(Path.Combine(directory, GanModel.DiscriminatorOptimizerFile));
        // The random stream continues from where the saved run would be, as far as the seed allows.
        random.manual_seed(EpochSeed(options.Seed, saved.EpochsCompleted));
        return saved.Losses.ToList();
    }

    private static int EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003) + epoch);

    private static void Save(
        string directory,
        GanInfo info,
        GanGenerator generator,
        GanDiscriminator discriminator,
        OptimizerHelper generatorOptimizer,
        OptimizerHelper discriminatorOptimizer)
    {
        Directory.CreateDirectory(directory);
        // Weights first and the description last, each through a temporary file, so a stopped save leaves whole
        // files.
        // NOTE: a run stopped between the weights and the description resumes from this epoch's weights with the
        // previous epoch's count, so it trains one epoch twice. The generator and the sampler still work.
        AtomicFile.Write(Path.Combine(directory, GanModel.GeneratorFile), path => generator.save(path));
        AtomicFile.Write(Path.Combine(directory, GanModel.DiscriminatorFile), path => discriminator.save(path));
        AtomicFile.Write(
            Path.Combine(directory, GanModel.GeneratorOptimizerFile), generatorOptimizer.save_state_dict);
        AtomicFile.Write(
            Path.Combine(directory, GanModel.DiscriminatorOptimizerFile), discriminatorOptimizer.save_state_dict);
        string temporary = Path.Combine(directory, GanModel.InfoFile + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(info, GanModel.s_json));
        File.Move(temporary, Path.Combine(directory, GanModel.InfoFile), overwrite: true);
        // Redrawn every epoch, so a run that is stopped part way still has the curves of what it finished.
        GanLossChart.WritePng(info, Path.Combine(directory, GanLossChart.FileName));
    }
}
