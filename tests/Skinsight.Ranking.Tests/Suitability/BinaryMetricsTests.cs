using Skinsight.Ranking.Suitability;

namespace Skinsight.Ranking.Tests.Suitability;

public class BinaryMetricsTests
{
    [Fact]
    public void F1_OneOfEachOutcome_IsHalf()
    {
        // With tp = 1, fp = 1, fn = 1 and tn = 1, F1 = 2 / (2 + 1 + 1).
        double f1 = BinaryMetrics.F1([true, true, false, false], [true, false, true, false]);

        Assert.Equal(0.5, f1, 12);
    }

    [Fact]
    public void F1_ThreeHitsOneMiss_IsSixSevenths()
    {
        // With tp = 3, fn = 1 and fp = 0, F1 = 6 / 7.
        double f1 = BinaryMetrics.F1([true, true, true, true, false], [true, true, true, false, false]);

        Assert.Equal(6.0 / 7.0, f1, 12);
    }

    [Fact]
    public void F1_NoPositivesAnywhere_IsZero()
    {
        Assert.Equal(0.0, BinaryMetrics.F1([false, false], [false, false]));
    }

    [Fact]
    public void F1_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.F1([true], [true, false]));
    }

    [Fact]
    public void MacroF1_TwoFlags_AveragesPerFlagScores()
    {
        // Flag 0 is perfect, so F1 = 1. Flag 1 has tp = 1, fp = 1 and fn = 0, so F1 = 2/3. The mean is 5/6.
        bool[][] actual = [[true, true], [false, false], [true, false]];
        bool[][] predicted = [[true, true], [false, true], [true, false]];

        Assert.Equal(5.0 / 6.0, BinaryMetrics.MacroF1(actual, predicted), 12);
    }

    [Fact]
    public void MacroF1_RowSubset_UsesRepeatedRows()
    {
        bool[][] actual = [[true], [true]];
        bool[][] predicted = [[true], [false]];

        // Rows 0, 0, 1: tp = 2, fn = 1, so F1 = 4 / 5.
        Assert.Equal(0.8, BinaryMetrics.MacroF1(actual, predicted, [0, 0, 1]), 12);
    }

    [Fact]
    public void Percentile_FourValues_Interpolates()
    {
        double[] values = [4, 1, 3, 2];

        Assert.Equal(2.5, BinaryMetrics.Percentile(values, 0.5), 12);
        Assert.Equal(1.075, BinaryMetrics.Percentile(values, 0.025), 12);
        Assert.Equal(3.925, BinaryMetrics.Percentile(values, 0.975), 12);
    }

    [Fact]
    public void BootstrapIntervals_CoinFlips_CoverHalf()
    {
        double[] values = [.. Enumerable.Range(0, 100).Select(i => (double)(i % 2))];
        Func<IReadOnlyList<int>, double> mean = rows => rows.Average(r => values[r]);

        Interval first = BinaryMetrics.BootstrapIntervals(values.Length, [mean], 1000, seed: 3)[0];
        Interval second = BinaryMetrics.BootstrapIntervals(values.Length, [mean], 1000, seed: 3)[0];

        // The standard error of a mean of 100 fair coin flips is 0.05, so the interval is about 0.4 to 0.6.
        Assert.InRange(first.Lower, 0.35, 0.45);
        Assert.InRange(first.Upper, 0.55, 0.65);
        Assert.Equal(first, second);
    }

    [Fact]
    public void BootstrapIntervals_ConstantStatistic_IsPoint()
    {
        Interval interval = BinaryMetrics.BootstrapIntervals(10, [_ => 0.7], 50, seed: 1)[0];

        Assert.Equal(0.7, interval.Lower, 12);
        Assert.Equal(0.7, interval.Upper, 12);
    }
}

public class RocAucTests
{
    [Fact]
    public void RocAuc_TiedPair_CountsHalf()
    {
        // Of the four (positive, negative) pairs, three are won and (0.4, 0.4) ties, so AUC = 3.5 / 4.
        double auc = BinaryMetrics.RocAuc([true, true, false, false], [0.9, 0.4, 0.1, 0.4]);

        Assert.Equal(0.875, auc, 12);
    }

    [Fact]
    public void RocAuc_OneClassOnly_IsNaN()
    {
        Assert.True(double.IsNaN(BinaryMetrics.RocAuc([true, true], [0.2, 0.3])));
    }
}
