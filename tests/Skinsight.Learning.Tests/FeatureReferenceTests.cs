using Skinsight.Learning;
using Skinsight.Learning.Condition;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

public sealed class FeatureReferenceTests
{
    [Fact]
    public void Distance_NoShrinkage_MatchesHandComputation()
    {
        // Four points at (±1, ±2): mean (0, 0), sample covariance diag(4/3, 16/3). The point (2, 0) is then
        // 2² / (4/3) = 3 away, and (0, 4) is 4² / (16/3) = 3 away.
        float[][] points = [[1, 2], [-1, 2], [1, -2], [-1, -2]];

        var reference = FeatureReference.Fit(points, shrinkage: 0, threshold: 3);

        Assert.Equal(3, reference.Distance([2, 0]), 5);
        Assert.Equal(3, reference.Distance([0, 4]), 5);
        Assert.True(reference.Contains([2, 0]));
        Assert.False(reference.Contains([2, 0.5f]));
    }

    [Fact]
    public void Distance_FullShrinkage_UsesMeanVariance()
    {
        // With s = 1 the covariance is mean(4/3, 16/3) = 10/3 times the identity, so (2, 0) is 4 / (10/3) = 1.2 away.
        float[][] points = [[1, 2], [-1, 2], [1, -2], [-1, -2]];

        var reference = FeatureReference.Fit(points, shrinkage: 1, threshold: 1);

        Assert.Equal(1.2, reference.Distance([2, 0]), 5);
    }

    [Fact]
    public void SaveLoad_RoundTrip_KeepsDistancesAndThreshold()
    {
        using var folder = new TempFolder();
        var random = new Random(3);
        float[][] points = Enumerable.Range(0, 40)
            .Select(_ => Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray())
            .ToArray();
        var reference = FeatureReference.Fit(points, shrinkage: 0.3, threshold: 12.5);
        string path = folder.File("reference.bin");

        reference.Save(path);
        var loaded = FeatureReference.Load(path);

        Assert.Equal(12.5, loaded.Threshold);
        Assert.Equal(8, loaded.Dimension);
        Assert.Equal(reference.Distance(points[0]), loaded.Distance(points[0]), 9);
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsModelFormatException()
    {
        using var folder = new TempFolder();
        string path = folder.File("reference.bin");
        FeatureReference.Fit([[0f, 1f], [1f, 0f], [1f, 1f]], 0.5, 1).Save(path);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..30]);

        var exception = Assert.Throws<ModelFormatException>(() => FeatureReference.Load(path));

        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Distance_WrongLength_Throws()
    {
        var reference = FeatureReference.Fit([[0f, 1f], [1f, 0f], [1f, 1f]], 0.5, 1);

        Assert.Throws<ArgumentException>(() => reference.Distance([1f, 2f, 3f]));
    }
}
