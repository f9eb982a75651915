using Skinsight.Learning.Training;
using Skinsight.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public sealed class HalfPrecisionWeightsTests
{
    // Float16's largest value is 65,504, and a ResNet-18 stem on 0-255 input can have running variances above it.
    private const float LargeVariance = 100_000.5f;

    [Fact]
    public void SaveLoad_VarianceAboveFloat16Range_StaysFinite()
    {
        using var folder = new TempFolder();
        using var saved = NewLayers(seed: 1);
        string path = folder.File("weights.bin");

        HalfPrecisionWeights.Save(saved, path);
        using var loaded = NewLayers(seed: 2);
        HalfPrecisionWeights.Load(loaded, path);

        Assert.Equal(LargeVariance, Variance(loaded)[0]);
        Assert.Equal(Weights(saved), Weights(loaded));
        Assert.Equal(ScalarType.Float32, loaded.parameters().First().dtype);
    }

    [Fact]
    public void Round_RoundsConvolutionButNotNormalisation()
    {
        using var layers = NewLayers(seed: 1);
        float[] before = Weights(layers);

        HalfPrecisionWeights.Round(layers);

        float[] after = Weights(layers);
        Assert.Equal(LargeVariance, Variance(layers)[0]);
        Assert.NotEqual(before, after);
        for (int i = 0; i < before.Length; i++)
        {
            // Float16 keeps 11 significant bits, so rounding moves a value by at most 2^-11 of itself.
            Assert.InRange(Math.Abs(after[i] - before[i]), 0, Math.Abs(before[i]) / 2048);
        }
    }

    [Fact]
    public void Load_AllFloat16File_IsRead()
    {
        // Models shipped before the normalisation layers were kept in float32 store every value as float16.
        using var folder = new TempFolder();
        using var saved = NewLayers(seed: 1, variance: 32_768f);
        string path = folder.File("weights.bin");
        saved.to(ScalarType.Float16);
        saved.save(path);
        saved.to(ScalarType.Float32);

        using var loaded = NewLayers(seed: 2);
        HalfPrecisionWeights.Load(loaded, path);

        Assert.Equal(Weights(saved), Weights(loaded));
        Assert.Equal(32_768f, Variance(loaded)[0]);
    }

    [Fact]
    public void Load_FileOfFloat32_IsReadExactly()
    {
        using var folder = new TempFolder();
        using var saved = NewLayers(seed: 1);
        string path = folder.File("weights.bin");
        saved.save(path);

        using var loaded = NewLayers(seed: 2);
        HalfPrecisionWeights.Load(loaded, path);

        Assert.Equal(Weights(saved), Weights(loaded));
        Assert.Equal(LargeVariance, Variance(loaded)[0]);
    }

    [Fact]
    public void Load_FileOfAnotherShape_Throws()
    {
        using var folder = new TempFolder();
        using var other = nn.Sequential(("conv", nn.Conv2d(3, 8, 3)), ("norm", nn.BatchNorm2d(8)));
        string path = folder.File("weights.bin");
        HalfPrecisionWeights.Save(other, path);

        using var layers = NewLayers(seed: 2);

        var error = Assert.Throws<ArgumentException>(() => HalfPrecisionWeights.Load(layers, path));
        Assert.Contains("As float16 with float32 normalisation: ", error.Message);
        Assert.Contains("As float32: ", error.Message);
    }

    private static nn.Module<Tensor, Tensor> NewLayers(int seed, float variance = LargeVariance)
    {
        random.manual_seed(seed);
        var layers = nn.Sequential(("conv", nn.Conv2d(3, 4, 3)), ("norm", nn.BatchNorm2d(4)));
        using (no_grad())
        {
            Tensor runningVar = layers.named_buffers().Single(b => b.name == "norm.running_var").buffer;
            runningVar[0] = variance;
        }

        return layers;
    }

    private static float[] Weights(nn.Module layers) =>
        layers.named_parameters().Single(p => p.name == "conv.weight").parameter.data<float>().ToArray();

    private static float[] Variance(nn.Module layers) =>
        layers.named_buffers().Single(b => b.name == "norm.running_var").buffer.data<float>().ToArray();
}
