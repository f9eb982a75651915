using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Tests;

public sealed class TheilSenTests
{
    [Fact]
    public void Fit_FivePoints_MatchesHandComputation()
    {
        // Sorted pairwise slopes: −1, −1, 1/3, 0.5, 0.75, 1, 1, 4/3, 2, 3, so the median is (0.75 + 1) / 2.
        // With Var(S) = 300/18 the interval ranks fall outside 1..10 and clamp to the extreme slopes.
        double[] days = [0, 1, 2, 3, 4];
        double[] values = [1, 3, 2, 5, 4];

        var fit = TheilSen.Fit(days, values, 300.0 / 18);

        Assert.Equal(0.875, fit.Slope, 12);
        Assert.Equal(1, fit.Intercept, 12);
        Assert.Equal(-1, fit.SlopeLower, 12);
        Assert.Equal(3, fit.SlopeUpper, 12);
    }

    [Fact]
    public void Fit_TenPoints_InterpolatesSenInterval()
    {
        // 45 slopes; Var(S) = (10·9·25 − 3·2·1·9) / 18 = 122, C = 1.96·√122 = 21.648.
        // Lower rank (45 − C) / 2 = 11.676 lies between −2/3 and −1/2; upper rank (45 + C) / 2 + 1 = 34.324
        // lies between 5/6 and 6/5.
        double[] days = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];

        var fit = TheilSen.Fit(days, values, 122);

        Assert.Equal(1.0 / 3, fit.Slope, 12);
        Assert.Equal(8.0 / 3, fit.Intercept, 12);
        Assert.Equal(-0.5540424825, fit.SlopeLower, 8);
        Assert.Equal(0.9522267948, fit.SlopeUpper, 8);
    }

    [Fact]
    public void Fit_ExactLineWithOutlier_KeepsTrueSlope()
    {
        double[] days = [0, 2, 4, 6, 8, 10, 12];
        double[] values = [50, 49, 48, 80, 46, 45, 44];

        var fit = TheilSen.Fit(days, values, 0);

        Assert.Equal(-0.5, fit.Slope, 12);
        Assert.Equal(50, fit.Intercept, 12);
    }

    [Fact]
    public void Fit_AllTimesEqual_Throws()
    {
        Assert.Throws<ArgumentException>(() => TheilSen.Fit([1, 1, 1], [1, 2, 3], 1));
    }

    [Fact]
    public void Fit_TimeGapWeights_KeepsEvenMedian()
    {
        // Three points at days 0, 1, 2: slopes 2 (gap 1), 1 (gap 2) and 0 (gap 1). Sorted with weights 1, 2, 1
        // they sit at rank places 0.875, 2 and 3.125 of 3, so the middle rank 2 is the slope 1, as unweighted.
        var fit = TheilSen.Fit([0, 1, 2], [0, 2, 2], 0, weighting: PairWeighting.TimeGap);

        Assert.Equal(1, fit.Slope, 12);
    }

    [Fact]
    public void Fit_TimeGapWeights_DiscountsBurst()
    {
        // Six check-ins within an hour rise a point each, a slope of 100 a day. Two more, 30 and 60 days later,
        // read 52 and 50. The burst gives 15 of the 28 pairwise slopes, so the classic median is one of them
        // and the line implies 6,000 points over 60 days. Weighted by their gaps, the burst's pairs count for
        // almost nothing, and the slope follows the pairs that span weeks.
        double[] days = [0, 0.01, 0.02, 0.03, 0.04, 0.05, 30, 60];
        double[] values = [50, 51, 52, 53, 54, 55, 52, 50];

        var classic = TheilSen.Fit(days, values, 0);
        var weighted = TheilSen.Fit(days, values, 0, weighting: PairWeighting.TimeGap);

        Assert.True(classic.Slope * 60 > 100, $"classic change {classic.Slope * 60}");
        Assert.InRange(weighted.Slope * 60, -5, 5);
    }
}
