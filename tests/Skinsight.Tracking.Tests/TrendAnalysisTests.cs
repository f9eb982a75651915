using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Tests;

public sealed class TrendAnalysisTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Builds weekly points value = start + slopePerWeek·k, with a small zig-zag so values are not tied.</summary>
    private static List<TrendPoint> Weekly(int count, double start, double slopePerWeek, double noise = 1)
    {
        return Enumerable.Range(0, count)
            .Select(k => new TrendPoint(s_start.AddDays(7 * k), start + slopePerWeek * k + (k % 2 == 0 ? 0.3 : -0.3), noise))
            .ToList();
    }

    [Fact]
    public void Analyze_FallingScore_IsImproving()
    {
        // 12 weeks at −1 point a week: a change of about 11 points against a floor of 2 × 1.
        var report = TrendAnalysis.Analyze(Weekly(12, 60, -1));

        Assert.Equal(TrendVerdict.Improving, report.Verdict);
        Assert.True(report.MannKendall.PValue < 0.001);
        Assert.Equal(-1.0 / 7, report.Line.Slope, 2);
        Assert.Equal(77, report.SpanDays, 10);
        Assert.Equal(1, report.NoiseFloor);
    }

    [Fact]
    public void Analyze_RisingScore_IsWorsening()
    {
        var report = TrendAnalysis.Analyze(Weekly(12, 40, 1));

        Assert.Equal(TrendVerdict.Worsening, report.Verdict);
    }

    [Fact]
    public void Analyze_RisingWhenHigherBetter_IsImproving()
    {
        var report = TrendAnalysis.Analyze(Weekly(12, 40, 1), new TrendOptions { Better = BetterDirection.Higher });

        Assert.Equal(TrendVerdict.Improving, report.Verdict);
    }

    [Fact]
    public void Analyze_DriftWithinNoise_IsNoChange()
    {
        // A steady fall of 0.2 a week is significant but changes the score by about 2.2 points,
        // which is within 2 × the 3-point noise floor.
        var points = Weekly(12, 60, -0.2, noise: 3);

        var report = TrendAnalysis.Analyze(points);

        Assert.True(report.MannKendall.PValue < 0.05);
        Assert.True(Math.Abs(report.FittedChange) < 6);
        Assert.Equal(TrendVerdict.NoChange, report.Verdict);
    }

    [Fact]
    public void Analyze_NoiseFloorOption_OverridesPointNoise()
    {
        var report = TrendAnalysis.Analyze(Weekly(12, 60, -1, noise: 0.1), new TrendOptions { NoiseFloor = 10 });

        Assert.Equal(10, report.NoiseFloor);
        Assert.Equal(TrendVerdict.NoChange, report.Verdict);
    }

    [Fact]
    public void Analyze_Spike_IsFlaggedOutlier()
    {
        var points = Weekly(10, 50, -1);
        points[4] = points[4] with { Value = 90 };

        var report = TrendAnalysis.Analyze(points);

        var flagged = Assert.Single(report.Flagged);
        Assert.Equal(FlagReason.Outlier, flagged.Reason);
        Assert.Equal(points[4].Time, flagged.Point.Time);
        Assert.Equal(9, report.Points.Count);
        Assert.DoesNotContain(report.Points, p => p.Value == 90);
    }

    [Fact]
    public void Analyze_LowQualityPhoto_IsLeftOut()
    {
        var points = Weekly(8, 50, -1);
        points[2] = points[2] with { Quality = 20 };

        var report = TrendAnalysis.Analyze(points);

        var flagged = Assert.Single(report.Flagged);
        Assert.Equal(FlagReason.LowQuality, flagged.Reason);
        Assert.Null(flagged.Residual);
        Assert.Equal(7, report.Points.Count);
    }

    [Fact]
    public void Analyze_PointsWithinNoise_FlagsNothing()
    {
        // Residuals of ±0.3 are far inside 3.5 × the noise floor of 1.
        var report = TrendAnalysis.Analyze(Weekly(10, 50, 0));

        Assert.Empty(report.Flagged);
    }

    [Fact]
    public void Analyze_UnsortedInput_SortsByTime()
    {
        var points = Weekly(8, 50, -1);
        points.Reverse();

        var report = TrendAnalysis.Analyze(points);

        Assert.Equal(s_start, report.Points[0].Time);
        Assert.True(report.Line.Slope < 0);
    }

    [Fact]
    public void Analyze_DuplicateTimestamp_ThrowsTrackingException()
    {
        var points = Weekly(5, 50, -1);
        points.Add(points[1] with { Value = 10 });

        var error = Assert.Throws<TrackingException>(() => TrendAnalysis.Analyze(points));

        Assert.Contains("share the timestamp", error.Message);
    }

    [Fact]
    public void Analyze_NaNValue_ThrowsTrackingException()
    {
        var points = Weekly(5, 50, -1);
        points[2] = points[2] with { Value = double.NaN };

        var error = Assert.Throws<TrackingException>(() => TrendAnalysis.Analyze(points));

        Assert.Contains("value NaN", error.Message);
    }

    [Fact]
    public void Analyze_FourPointsWithSpike_KeepsEveryPoint()
    {
        // Below MinimumPointsForOutliers nothing is flagged, because one value cannot be judged against three.
        var points = Weekly(4, 50, -1);
        points[2] = points[2] with { Value = 90 };

        var report = TrendAnalysis.Analyze(points);

        Assert.Empty(report.Flagged);
        Assert.Equal(4, report.Points.Count);
    }

    [Fact]
    public void Analyze_AlphaOfOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => TrendAnalysis.Analyze(Weekly(5, 50, -1), new TrendOptions { Alpha = 1 }));
    }

    [Fact]
    public void Analyze_TooFewUsablePoints_ThrowsTrackingException()
    {
        var points = Weekly(4, 50, -1);
        points[0] = points[0] with { Quality = 10 };
        points[1] = points[1] with { Quality = 10 };

        var error = Assert.Throws<TrackingException>(() => TrendAnalysis.Analyze(points));

        Assert.Contains("2 of 4", error.Message);
    }

    [Fact]
    public void Analyze_StepInMean_FindsOneChangePoint()
    {
        var points = Weekly(20, 50, 0);
        for (var k = 10; k < 20; k++)
        {
            points[k] = points[k] with { Value = points[k].Value - 10 };
        }

        var report = TrendAnalysis.Analyze(points);

        var change = Assert.Single(report.ChangePoints);
        Assert.Equal(10, change.Index);
        Assert.Equal(points[10].Time, change.Time);
        Assert.Equal(50, change.MeanBefore, 10);
        Assert.Equal(40, change.MeanAfter, 10);
        Assert.Equal(-10, change.Shift, 10);
    }

    [Fact]
    public void Analyze_FlatSeries_FindsNoChangePoint()
    {
        var report = TrendAnalysis.Analyze(Weekly(20, 50, 0));

        Assert.Empty(report.ChangePoints);
    }

    [Fact]
    public void Analyze_ShortSeries_HasNoSeasonalDecomposition()
    {
        var report = TrendAnalysis.Analyze(Weekly(20, 50, 0));

        Assert.Null(report.Seasonal);
    }

    [Fact]
    public void Analyze_YearlyCycle_RecoversAmplitude()
    {
        // Weekly points with a 5-point yearly sine. Monthly bins average the sine over 1/12 of a cycle,
        // which shrinks the amplitude by sin(π/12) / (π/12) = 0.9886, so about 4.94 is expected.
        var points = Enumerable.Range(0, 157)
            .Select(k => new TrendPoint(
                s_start.AddDays(7 * k), 50 + 5 * Math.Sin(2 * Math.PI * 7 * k / 365.25), 1))
            .ToList();

        var report = TrendAnalysis.Analyze(points);

        Assert.NotNull(report.Seasonal);
        Assert.Equal(4.94, report.Seasonal.Amplitude, 0.25);
        Assert.All(report.Seasonal.Trend, t => Assert.Equal(50, t, 0.5));
        Assert.Equal(0, report.Seasonal.Seasonal.Take(12).Sum(), 6);
    }
}
