using Skinsight.Learning.Acne;

namespace Skinsight.Learning.Tests;

public class AcneGradeFusionTests
{
    /// <summary>The spread whose logistic scale is exactly 1, so the likelihoods below are plain logistic functions.</summary>
    private static readonly double s_unitScaleSpread = Math.PI / Math.Sqrt(3);

    [Fact]
    public void CountLikelihood_UnitScale_MatchesHandComputedBands()
    {
        // ln 20 against the band edges ln 5.5, ln 20.5 and ln 50.5, each through the logistic function.
        double[] likelihood = AcneGradeFusion.CountLikelihood(20, s_unitScaleSpread);

        Assert.Equal(0.2157, likelihood[0], 4);
        Assert.Equal(0.2905, likelihood[1], 4);
        Assert.Equal(0.2101, likelihood[2], 4);
        Assert.Equal(0.2837, likelihood[3], 4);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(20, 1)]
    [InlineData(21, 2)]
    [InlineData(50, 2)]
    [InlineData(51, 3)]
    public void CountLikelihood_NarrowSpread_PutsNearlyAllOnTheHayashiGrade(int count, int grade)
    {
        // ln(20 / 20.5) is only 0.025, so the spread must be far below that for a band edge next to the count.
        double[] likelihood = AcneGradeFusion.CountLikelihood(count, 0.001);

        Assert.Equal(1.0, likelihood.Sum(), 9);
        Assert.True(likelihood[grade] > 0.99, $"grade {grade} got {likelihood[grade]}");
    }

    [Fact]
    public void Fuse_HandComputedCase_MultipliesAndNormalises()
    {
        double[] fused = AcneGradeFusion.Fuse([0.1f, 0.4f, 0.4f, 0.1f], 20, s_unitScaleSpread);

        Assert.Equal(0.0862, fused[0], 3);
        Assert.Equal(0.4644, fused[1], 3);
        Assert.Equal(0.3360, fused[2], 3);
        Assert.Equal(0.1134, fused[3], 3);
        Assert.Equal(1, AcneGradeFusion.Grade(fused));
    }

    [Fact]
    public void Fuse_UniformGrader_LeavesTheCountToDecide()
    {
        double[] fused = AcneGradeFusion.Fuse([0.25f, 0.25f, 0.25f, 0.25f], 30, 0.6);

        Assert.Equal(AcneGradeFusion.CountLikelihood(30, 0.6), fused, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(2, AcneGradeFusion.Grade(fused));
    }

    [Fact]
    public void Fuse_SpreadDecidesBetweenConfidentGraderAndCount()
    {
        float[] verySevereProbabilities = [0.05f, 0.05f, 0.1f, 0.8f];

        Assert.Equal(0, AcneGradeFusion.Grade(AcneGradeFusion.Fuse(verySevereProbabilities, 2, 0.1)));
        Assert.Equal(3, AcneGradeFusion.Grade(AcneGradeFusion.Fuse(verySevereProbabilities, 2, 5)));
    }

    [Theory]
    [InlineData(new[] { 0.5f, 0.5f, 0f })]
    [InlineData(new[] { 0.5f, 0.5f, -0.1f, 0.1f })]
    [InlineData(new[] { 0f, 0f, 0f, 0f })]
    [InlineData(new[] { float.NaN, 0.5f, 0.25f, 0.25f })]
    public void Fuse_InvalidProbabilities_Throws(float[] probabilities)
    {
        Assert.Throws<ArgumentException>(() => AcneGradeFusion.Fuse(probabilities, 3, 0.6));
    }

    [Fact]
    public void CountLikelihood_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AcneGradeFusion.CountLikelihood(-1, 0.6));
        Assert.Throws<ArgumentOutOfRangeException>(() => AcneGradeFusion.CountLikelihood(3, 0));
    }

    [Fact]
    public void LogSpread_HandComputed_IsPopulationStandardDeviation()
    {
        // Errors ln 2 and ln 4 have mean 1.5 ln 2 and standard deviation 0.5 ln 2.
        Assert.Equal(0.5 * Math.Log(2), AcneGradeFusion.LogSpread([2, 8], [1, 2]), 9);
    }

    [Fact]
    public void LogSpread_ZeroCounts_ReadAsHalf()
    {
        // Detected 0 against labelled 1 is ln(0.5 / 1); detected 1 against labelled 1 is 0.
        Assert.Equal(0.5 * Math.Log(2), AcneGradeFusion.LogSpread([0, 1], [1, 1]), 9);
    }

    [Fact]
    public void LogSpread_MismatchedOrEmpty_Throws()
    {
        Assert.Throws<ArgumentException>(() => AcneGradeFusion.LogSpread([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => AcneGradeFusion.LogSpread([], []));
    }

    [Theory]
    [InlineData(12, 1, 12)]
    [InlineData(40, 3, 51)]
    [InlineData(40, 0, 5)]
    [InlineData(3, 2, 21)]
    [InlineData(80, 2, 50)]
    [InlineData(0, 1, 6)]
    [InlineData(200, 3, 200)]
    public void CountInGrade_MovesOnlyCountsOutsideTheBand(int count, int grade, int expected)
    {
        Assert.Equal(expected, AcneGradeFusion.CountInGrade(count, grade));
    }

    [Fact]
    public void CountInGrade_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AcneGradeFusion.CountInGrade(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AcneGradeFusion.CountInGrade(3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => AcneGradeFusion.CountInGrade(3, -1));
    }
}
