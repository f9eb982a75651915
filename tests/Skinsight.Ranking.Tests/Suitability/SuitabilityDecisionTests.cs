using Skinsight.Ranking.Suitability;

namespace Skinsight.Ranking.Tests.Suitability;

public class SuitabilityDecisionTests
{
    [Theory]
    [InlineData(0.5, 1.0 / 3)]
    [InlineData(0.761, 0.761 / 1.761)]
    [InlineData(0.969, 0.969 / 1.969)]
    [InlineData(0.0, 0.0)]
    public void Threshold_PositiveRate_IsHalfTheAllPositiveF1(double positiveRate, double expected)
    {
        double allPositiveF1 = 2 * positiveRate / (1 + positiveRate);

        double threshold = SuitabilityDecision.Threshold(positiveRate);

        Assert.Equal(expected, threshold, 1e-12);
        Assert.Equal(allPositiveF1 / 2, threshold, 1e-12);
    }

    [Fact]
    public void Threshold_FlipAtThreshold_LeavesExpectedF1Unchanged()
    {
        // 760 positives, 240 negatives, all predicted positive. Calling one product "not suitable" whose chance of
        // being positive equals the threshold should neither raise nor lower the expected F1 (to first order).
        const int positives = 760, negatives = 240;
        double before = 2.0 * positives / ((2.0 * positives) + negatives);
        double q = SuitabilityDecision.Threshold(positives / (double)(positives + negatives));

        double ifPositive = 2.0 * (positives - 1) / ((2.0 * positives) + negatives - 1);
        double ifNegative = 2.0 * positives / ((2.0 * positives) + negatives - 1);
        double expected = (q * ifPositive) + ((1 - q) * ifNegative);

        Assert.Equal(before, expected, 1e-6);
    }

    [Fact]
    public void Threshold_RateAboveOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SuitabilityDecision.Threshold(1.5));
    }

    [Theory]
    [InlineData(new[] { 0.004, 0.002 }, 0.001, true)]
    [InlineData(new[] { 0.004, -0.001 }, 0.001, false)]
    [InlineData(new[] { 0.0005, 0.001 }, 0.001, false)]
    [InlineData(new[] { 0.0, 0.01 }, 0.001, false)]
    [InlineData(new double[0], 0.0, false)]
    public void UsesModel_Gains_NeedsEveryRepeatPositiveAndMeanAboveMargin(double[] gains, double margin, bool expected)
    {
        Assert.Equal(expected, SuitabilityDecision.UsesModel(gains, margin));
    }
}
