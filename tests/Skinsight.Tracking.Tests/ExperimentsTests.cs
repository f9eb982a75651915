using Skinsight.Tracking.Experiments;

namespace Skinsight.Tracking.Tests;

public sealed class VariantAssignerTests
{
    private static readonly Variant[] s_halves = [new("control", 1), new("treatment", 1)];

    [Theory]
    [InlineData("person-1", 0.01648780862073043)]
    [InlineData("person-2", 0.2671799440366024)]
    [InlineData("person-3", 0.8582946375839564)]
    public void Bucket_KnownPairs_MatchesSha256(string person, double expected)
    {
        // Expected values are the first 8 bytes of SHA-256("11:serum-order|" + person) / 2⁶⁴, computed with
        // Python's hashlib.
        Assert.Equal(expected, VariantAssigner.Bucket("serum-order", person), 15);
    }

    [Theory]
    [InlineData("person-1", "control")]
    [InlineData("person-2", "control")]
    [InlineData("person-3", "treatment")]
    public void Assign_EqualWeights_SplitsAtHalf(string person, string expected)
    {
        Assert.Equal(expected, VariantAssigner.Assign("serum-order", person, s_halves));
    }

    [Fact]
    public void Assign_UnequalWeights_FollowsCumulativeSlices()
    {
        // Slices: a [0, 0.2), b [0.2, 0.3), c [0.3, 1). person-2's bucket 0.267 falls in b.
        Variant[] variants = [new("a", 2), new("b", 1), new("c", 7)];

        Assert.Equal("a", VariantAssigner.Assign("serum-order", "person-1", variants));
        Assert.Equal("b", VariantAssigner.Assign("serum-order", "person-2", variants));
        Assert.Equal("c", VariantAssigner.Assign("serum-order", "person-3", variants));
    }

    [Fact]
    public void Assign_ManyPeople_MatchesWeights()
    {
        Variant[] variants = [new("control", 3), new("treatment", 1)];

        var treated = Enumerable.Range(0, 20000)
            .Count(i => VariantAssigner.Assign("exp", $"p{i}", variants) == "treatment");

        // Binomial standard error at n = 20000 and p = 0.25 is 0.0031; the range is about ±4 of them.
        Assert.InRange(treated / 20000.0, 0.2375, 0.2625);
    }

    [Fact]
    public void Assign_ZeroWeightVariant_IsNeverChosen()
    {
        Variant[] variants = [new("off", 0), new("on", 1)];

        var names = Enumerable.Range(0, 500).Select(i => VariantAssigner.Assign("exp", $"p{i}", variants)).Distinct();

        Assert.Equal(["on"], names);
    }

    [Fact]
    public void Assign_NegativeWeight_ThrowsTrackingException()
    {
        var error = Assert.Throws<TrackingException>(
            () => VariantAssigner.Assign("exp", "p", [new("a", -1), new("b", 1)]));

        Assert.Contains("weight -1", error.Message);
    }
}

public sealed class ExperimentStatisticsTests
{
    [Fact]
    public void Compare_SmallArms_ZHasTheSamePButIsSmallerThanT()
    {
        double[] control = [1.0, 2.5, 1.8, 3.1, 2.2];
        double[] treatment = [3.9, 4.4, 3.2, 5.0, 4.1];

        var result = ExperimentStatistics.Compare(control, treatment);

        // With 8 degrees of freedom t has heavier tails, so the same p sits at a smaller |z|.
        Assert.True(Math.Abs(result.Z) < Math.Abs(result.T), $"z = {result.Z}, t = {result.T}");
        Assert.Equal(Math.Sign(result.T), Math.Sign(result.Z));
        Assert.Equal(result.PValue, 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(result.Z)), 1e-12);
    }

    [Fact]
    public void Compare_UnequalArms_MatchesWelchByHand()
    {
        // Means 2.5 and 6, variances 5/3 and 10: SE = √(5/12 + 2), df = SE⁴ / ((5/12)²/3 + 2²/4) = 5.5208.
        // The p-value and t(0.975, 5.5208) = 2.49933 come from integrating the t density numerically.
        // Pooled SD = √((5 + 40) / 7), and SE(d) = √(9/20 + d²/18).
        var result = ExperimentStatistics.Compare([1, 2, 3, 4], [2, 4, 6, 8, 10]);

        Assert.Equal(3.5, result.Difference, 12);
        Assert.Equal(1.5545631755, result.StandardError, 9);
        Assert.Equal(5.5207877462, result.DegreesOfFreedom, 9);
        Assert.Equal(2.2514363232, result.T, 9);
        Assert.Equal(0.0691335932, result.PValue, 7);
        Assert.Equal(-0.3853680805, result.Lower, 6);
        Assert.Equal(7.3853680805, result.Upper, 6);
        Assert.Equal(1.3804186161, result.CohensD, 9);
        Assert.Equal(-0.0808580260, result.CohensDLower, 8);
        Assert.Equal(2.8416952581, result.CohensDUpper, 8);
    }

    [Fact]
    public void Compare_OneValueInArm_ThrowsTrackingException()
    {
        var error = Assert.Throws<TrackingException>(() => ExperimentStatistics.Compare([1], [2, 3]));

        Assert.Contains("control arm has 1", error.Message);
    }

    [Fact]
    public void Compare_NoSpreadAtAll_ThrowsTrackingException()
    {
        Assert.Throws<TrackingException>(() => ExperimentStatistics.Compare([1, 1], [2, 2]));
    }

    [Theory]
    [InlineData(0.2, 393)]
    [InlineData(0.5, 63)]
    [InlineData(0.8, 25)]
    [InlineData(-0.5, 63)]
    public void SampleSizePerArm_StandardEffects_MatchesFormula(double d, int expected)
    {
        // 2 (1.959964 + 0.841621)² / d² rounded up: 392.44, 62.79 and 24.53.
        Assert.Equal(expected, ExperimentStatistics.SampleSizePerArm(d));
    }

    [Fact]
    public void SampleSizePerArm_RawDifference_Standardises()
    {
        Assert.Equal(63, ExperimentStatistics.SampleSizePerArm(difference: 5, standardDeviation: 10, alpha: 0.05, power: 0.8));
    }

    [Fact]
    public void SampleSizePerArm_ZeroEffect_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExperimentStatistics.SampleSizePerArm(0));
    }
}

public sealed class SequentialBoundaryTests
{
    [Fact]
    public void ObrienFleming_OneLook_IsFixedHorizon()
    {
        var design = SequentialBoundary.ObrienFleming(1);

        Assert.Equal(1.959964, design.Boundaries[0], 5);
    }

    [Fact]
    public void ObrienFleming_TwoLooks_MatchesIndependentIntegration()
    {
        // c = 1.97743 solves P(|Z₁| ≥ c√2 or |Z₂| ≥ c) = 0.05 with corr(Z₁, Z₂) = √0.5; it was found by
        // bisection over a one-dimensional integral of the bivariate normal, written separately in Python.
        var design = SequentialBoundary.ObrienFleming(2);

        Assert.Equal(2.79651, design.Boundaries[0], 3);
        Assert.Equal(1.97743, design.Boundaries[1], 3);
    }

    [Fact]
    public void ObrienFleming_FiveLooks_MatchesMonteCarlo()
    {
        // A separate Python Monte Carlo of 1,000,000 five-step random walks crossed |S| ≥ 2.040·√5 in
        // 0.0500 ± 0.0002 of them, so c = 2.040 for 5 looks at α = 0.05.
        var design = SequentialBoundary.ObrienFleming(5);

        Assert.Equal(2.040, design.Boundaries[4], 2);
        Assert.Equal(2.040 * Math.Sqrt(5), design.Boundaries[0], 2);
    }

    [Fact]
    public void ObrienFleming_Boundaries_SpendExactlyAlpha()
    {
        var design = SequentialBoundary.ObrienFleming(4);

        var c = design.Boundaries[^1];
        Assert.Equal(0.05, SequentialBoundary.CrossingProbability(design.InformationFractions, c), 5);
    }

    [Theory]
    [InlineData(1, 2.5, StopDecision.Continue)]
    [InlineData(1, 3.0, StopDecision.StopForEffect)]
    [InlineData(2, -2.0, StopDecision.StopForEffect)]
    [InlineData(2, 1.9, StopDecision.StopNoEffect)]
    public void Decide_TwoLookDesign_FollowsBoundaries(int look, double z, StopDecision expected)
    {
        var design = SequentialBoundary.ObrienFleming(2);

        Assert.Equal(expected, design.Decide(look, z));
    }

    [Fact]
    public void ObrienFleming_FractionsNotEndingAtOne_Throws()
    {
        Assert.Throws<ArgumentException>(() => SequentialBoundary.ObrienFleming([0.5, 0.9]));
    }
}
