using Skinsight.Learning.Backbone;
using TorchSharp;
using Xunit.Abstractions;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ResNet18BackboneTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(224, 2)]
    [InlineData(128, 3)]
    public void Forward_RgbBatch_Returns512FeaturesPerImage(int size, int batch)
    {
        using var backbone = new ResNet18Backbone();
        backbone.eval();
        using var input = torch.rand(batch, 3, size, size) * 255;

        using var features = backbone.forward(input);

        Assert.Equal([batch, ResNet18Backbone.FeatureCount], features.shape);
    }

    [Fact]
    public void Create_PretrainedWeights_MatchesOnnxRuntimeFeatures()
    {
        const int size = ResNet18Backbone.PretrainedSize;
        var random = new Random(7);
        float[] rgb = Enumerable.Range(0, 3 * size * size).Select(_ => (float)(random.NextDouble() * 255)).ToArray();
        using var reference = new OnnxResNet18Featurizer();
        float[] expected = reference.Extract(rgb);

        using var backbone = PretrainedResNet18.Create();
        using var disabled = torch.no_grad();
        using var input = torch.tensor(rgb, [1, 3, size, size]);
        using var features = backbone.forward(input);
        float[] actual = features.data<float>().ToArray();

        Assert.Equal(ResNet18Backbone.FeatureCount, expected.Length);
        Assert.True(expected.Max() > 0.1f, $"the reference features are near zero (max {expected.Max()})");
        float maxDifference = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"max |torch - onnx| = {maxDifference}, feature max {expected.Max()}");
        Assert.True(maxDifference < 1e-3f, $"max |torch - onnx| = {maxDifference}, feature max {expected.Max()}");
    }
}
