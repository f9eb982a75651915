using Skinsight.Learning.Data;
using Skinsight.Learning.Generative;
using Skinsight.Testing;
using SkiaSharp;
using static TorchSharp.torch;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class GanTests
{
    private static readonly string[] s_classes = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"];

    [Theory]
    [InlineData(GanArchitecture.Convolutional, false, 64)]
    [InlineData(GanArchitecture.Convolutional, true, 64)]
    [InlineData(GanArchitecture.Dense, false, 28)]
    [InlineData(GanArchitecture.Dense, true, 28)]
    public void Networks_BatchOfThree_HaveExpectedShapes(GanArchitecture architecture, bool conditional, int size)
    {
        var spec = new GanSpec(architecture, conditional ? s_classes : [], LatentSize: 16, Width: 8);
        using var generator = spec.CreateGenerator();
        using var discriminator = spec.CreateDiscriminator();
        using Tensor labels = tensor(new long[] { 0, 3, 6 });

        using Tensor images = generator.forward(randn([3, 16]), labels);
        using Tensor logits = discriminator.forward(images, labels);

        Assert.Equal(new long[] { 3, 3, size, size }, images.shape);
        Assert.Equal(new long[] { 3 }, logits.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
    }

    [Theory]
    [InlineData(GanArchitecture.Convolutional)]
    [InlineData(GanArchitecture.Dense)]
    public void Step_OneBatch_ChangesBothNetworks(GanArchitecture architecture)
    {
        random.manual_seed(5);
        var spec = new GanSpec(architecture, s_classes, LatentSize: 16, Width: 8);
        using var generator = spec.CreateGenerator();
        using var discriminator = spec.CreateDiscriminator();
        using var generatorOptimizer = optim.Adam(generator.parameters(), 1e-3);
        using var discriminatorOptimizer = optim.Adam(discriminator.parameters(), 1e-3);
        float[] generatorBefore = Flatten(generator);
        float[] discriminatorBefore = Flatten(discriminator);
        using Tensor real = rand([4, 3, spec.ImageSize, spec.ImageSize]) * 2 - 1;
        using Tensor labels = tensor(new long[] { 0, 1, 2, 3 });

        var result = GanTraining.Step(generator, discriminator, generatorOptimizer, discriminatorOptimizer, real, labels,
            spec.LatentSize, realLabel: 0.9);

        Assert.NotEqual(generatorBefore, Flatten(generator));
        Assert.NotEqual(discriminatorBefore, Flatten(discriminator));
        Assert.True(double.IsFinite(result.DiscriminatorLoss) && result.DiscriminatorLoss > 0);
        Assert.InRange(result.RealScore, 0, 1);
    }

    [Fact]
    public void Train_Resumed_KeepsHistoryAndSeededSamples()
    {
        using var folder = new TempFolder();
        IReadOnlyList<LabeledImage> images = WriteImages(folder.Path, 16);
        var spec = new GanSpec(GanArchitecture.Convolutional, s_classes, LatentSize: 8, Width: 4);
        string modelDir = Path.Combine(folder.Path, "gan");

        GanTraining.Train(spec, images, folder.Path, modelDir, new GanTrainingOptions(Epochs: 1, Seed: 3, BatchSize: 8));
        GanInfo resumed = GanTraining.Train(spec, images, folder.Path, modelDir,
            new GanTrainingOptions(Epochs: 2, Seed: 3, BatchSize: 8));

        Assert.Equal(2, resumed.EpochsCompleted);
        Assert.Equal([1, 2], resumed.Losses.Select(l => l.Epoch));
        using GanModel model = GanModel.Load(modelDir);
        byte[] first = model.Sample(6, seed: 11);
        // A two-epoch network of width 4 still writes nearly grey images, so only sameness is checked here.
        Assert.Equal(first, model.Sample(6, seed: 11));
        Assert.Equal(6 * 3 * 64 * 64, first.Length);
    }

    [Fact]
    public void Train_FolderOfAnotherSeed_RefusesToResume()
    {
        using var folder = new TempFolder();
        IReadOnlyList<LabeledImage> images = WriteImages(folder.Path, 8);
        var spec = new GanSpec(GanArchitecture.Dense, [], LatentSize: 8, Width: 4);
        string modelDir = Path.Combine(folder.Path, "gan");
        GanTraining.Train(spec, images, folder.Path, modelDir, new GanTrainingOptions(Epochs: 1, Seed: 1, BatchSize: 8));

        var error = Assert.Throws<LearningException>(() => GanTraining.Train(spec, images, folder.Path, modelDir,
            new GanTrainingOptions(Epochs: 2, Seed: 2, BatchSize: 8)));
        Assert.Contains("seed 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FrechetDistance_SetAgainstItself_IsAboutZero()
    {
        float[][] features = Gaussian(400, dimensions: 6, shift: 0, seed: 1);

        Assert.InRange(GanEvaluation.FrechetDistance(features, features), 0, 1e-6);
    }

    [Fact]
    public void FrechetDistance_MeanShiftedByTwo_IsAboutFour()
    {
        // Same covariance, means 2 apart in one dimension: the distance is |2|^2 = 4 plus sampling noise.
        float[][] first = Gaussian(4000, dimensions: 3, shift: 0, seed: 1);
        float[][] second = Gaussian(4000, dimensions: 3, shift: 2, seed: 2);

        Assert.InRange(GanEvaluation.FrechetDistance(first, second), 3.8, 4.2);
    }

    [Fact]
    public void PrecisionRecall_CollapsedSet_LosesRecall()
    {
        float[][] real = Gaussian(200, dimensions: 4, shift: 0, seed: 3);
        float[][] collapsed = Enumerable.Range(0, 200).Select(_ => real[0]).ToArray();

        Assert.Equal((1.0, 1.0), GanEvaluation.PrecisionRecall(real, real));
        (double precision, double recall) = GanEvaluation.PrecisionRecall(real, collapsed);
        Assert.Equal(1.0, precision);
        Assert.True(recall < 0.1, $"recall {recall}");
    }

    [Fact]
    public void WriteGrid_MarksPngSynthetic()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "grid.png");
        byte[] images = Enumerable.Range(0, 4 * 3 * 8 * 8).Select(i => (byte)(i % 251)).ToArray();

        SyntheticImageFile.WriteGrid(path, images, count: 4, size: 8, columns: 2, "generated by a test");

        byte[] png = File.ReadAllBytes(path);
        Assert.Equal("generated by a test", SyntheticImageFile.ReadMark(png));
        using SKBitmap decoded = SKBitmap.Decode(png);
        Assert.Equal((2 * 10) + 2, decoded.Width);
        Assert.Null(SyntheticImageFile.ReadMark(File.ReadAllBytes(WriteImages(folder.Path, 1)[0].ImagePath)));
    }

    private static float[] Flatten(nn.Module module) =>
        module.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    private static float[][] Gaussian(int count, int dimensions, double shift, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimensions).Select(d =>
        {
            double normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return (float)(normal + (d == 0 ? shift : 0));
        }).ToArray()).ToArray();
    }

    private static IReadOnlyList<LabeledImage> WriteImages(string folder, int count)
    {
        var images = new List<LabeledImage>();
        for (int i = 0; i < count; i++)
        {
            string path = Path.Combine(folder, "images", $"patch{i}.jpg");
            TestImages.WriteSolid(path, 40, 30, new SKColor((byte)(20 * i), 120, (byte)(250 - (10 * i))));
            images.Add(new LabeledImage($"patch{i}", path, i % 7, "train"));
        }

        return images;
    }
}
