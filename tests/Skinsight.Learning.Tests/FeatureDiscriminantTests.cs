using Skinsight.Learning.Condition;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

public sealed class FeatureDiscriminantTests
{
    [Fact]
    public void Score_HalfShrinkage_MatchesHandComputation()
    {
        // Means (2, 0) and (-2, 0), pooled covariance diag(0, 2). With s = 0.5 it becomes diag(0.5, 1.5), so the
        // weights are (4 / 0.5, 0) = (8, 0) and the bias is 0, because the midpoint of the means is the origin.
        float[][] first = [[2, 1], [2, -1]];
        float[][] second = [[-2, 1], [-2, -1]];

        var discriminant = FeatureDiscriminant.Fit(first, second, shrinkage: 0.5, threshold: 0);

        Assert.Equal(0, discriminant.Bias, 9);
        Assert.Equal(8, discriminant.Score([1, 5]), 5);
        Assert.Equal(-4, discriminant.Score([-0.5f, 0]), 5);
        Assert.False(discriminant.FavoursSecond([1, 5]));
        Assert.True(discriminant.FavoursSecond([-0.5f, 0]));
    }

    [Fact]
    public void SaveLoad_RoundTrip_KeepsScoresAndThreshold()
    {
        using var folder = new TempFolder();
        var random = new Random(5);
        float[][] Points(float offset) => Enumerable.Range(0, 30)
            .Select(_ => Enumerable.Range(0, 6).Select(_ => offset + (float)random.NextDouble()).ToArray())
            .ToArray();
        float[][] first = Points(1), second = Points(0);
        var discriminant = FeatureDiscriminant.Fit(first, second, shrinkage: 0.3, threshold: -2.5);
        string path = folder.File("discriminant.bin");

        discriminant.Save(path);
        var loaded = FeatureDiscriminant.Load(path);

        Assert.Equal(-2.5, loaded.Threshold);
        Assert.Equal(6, loaded.Dimension);
        Assert.Equal(discriminant.Score(first[0]), loaded.Score(first[0]), 9);
        Assert.True(loaded.Score(first[0]) > loaded.Score(second[0]));
    }

    [Fact]
    public void Load_DamagedFile_Throws()
    {
        using var folder = new TempFolder();
        string path = folder.File("discriminant.bin");
        FeatureDiscriminant.Fit([[0f, 1f], [1f, 0f]], [[3f, 3f], [4f, 2f]], 0.5, 0).Save(path);
        byte[] whole = File.ReadAllBytes(path);

        File.WriteAllBytes(path, whole[..30]);
        Assert.Throws<ModelFormatException>(() => FeatureDiscriminant.Load(path));
        File.WriteAllBytes(path, [.. whole.Select(b => (byte)(b ^ 0x5A))]);
        Assert.Throws<ModelFormatException>(() => FeatureDiscriminant.Load(path));
        Assert.Throws<ModelFormatException>(() => FeatureDiscriminant.Load(folder.File("missing.bin")));
    }

    [Fact]
    public void Load_ShippedFile_Has512Features()
    {
        string root = RepositoryRoot.Find() ?? throw new InvalidOperationException("No global.json above the tests.");

        var discriminant = FeatureDiscriminant.Load(
            Path.Combine(root, "models", ConditionClassifier.DefaultModelName, ConditionClassifier.FaceDiscriminantFileName));

        Assert.Equal(Backbone.ResNet18Backbone.FeatureCount, discriminant.Dimension);
        Assert.Equal(0, discriminant.Threshold);
    }
}
