using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Tests;

public sealed class MannKendallTests
{
    [Fact]
    public void Test_FiveDistinctValues_MatchesHandComputation()
    {
        // Rising pairs 8, falling 2, so S = 6; Var = 5·4·15 / 18; Z = (6 − 1) / √Var.
        var result = MannKendall.Test([1, 3, 2, 5, 4]);

        Assert.Equal(6, result.S);
        Assert.Equal(300.0 / 18, result.Variance, 10);
        Assert.Equal(1.2247448714, result.Z, 8);
        Assert.Equal(0.2206713619, result.PValue, 8);
        Assert.Equal(0.6, result.Tau, 10);
    }

    [Fact]
    public void Test_TiedValues_CorrectsVarianceAndTau()
    {
        // Two ties of size 2 remove 2·(2·1·9) from 5·4·15; tau-b = 2 / √(10 · (10 − 2)).
        var result = MannKendall.Test([2, 2, 3, 1, 3]);

        Assert.Equal(2, result.S);
        Assert.Equal(264.0 / 18, result.Variance, 10);
        Assert.Equal(0.2611164839, result.Z, 8);
        Assert.Equal(0.7940026802, result.PValue, 8);
        Assert.Equal(0.2236067977, result.Tau, 8);
    }

    [Fact]
    public void Test_FallingSeries_GivesNegativeZ()
    {
        var result = MannKendall.Test([9, 8, 7, 6, 5, 4, 3]);

        Assert.Equal(-21, result.S);
        Assert.True(result.Z < 0);
        Assert.True(result.PValue < 0.01);
        Assert.Equal(-1, result.Tau, 10);
    }

    [Fact]
    public void Test_ConstantSeries_GivesZeroZAndPValueOne()
    {
        var result = MannKendall.Test([4, 4, 4, 4]);

        Assert.Equal(0, result.S);
        Assert.Equal(0, result.Z);
        Assert.Equal(1, result.PValue, 10);
    }

    [Fact]
    public void Test_TwoValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => MannKendall.Test([1, 2]));
    }
}
