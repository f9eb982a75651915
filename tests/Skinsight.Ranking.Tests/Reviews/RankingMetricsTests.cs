using Skinsight.Ranking.Reviews;

namespace Skinsight.Ranking.Tests.Reviews;

public class RankingMetricsTests
{
    [Fact]
    public void Auc_HandComputedPairs_ReturnsShareOfWins()
    {
        // Positive 0.35 beats negative 0.1 but not 0.4; positive 0.8 beats both: 3 of 4 pairs.
        double auc = RankingMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);

        Assert.Equal(0.75, auc, 12);
    }

    [Fact]
    public void Auc_TiedScores_CountsHalf()
    {
        double auc = RankingMetrics.Auc([0.5, 0.5, 0.9], [true, false, false]);

        // The positive ties one negative (0.5) and loses to the other (0): 0.5 / 2 pairs.
        Assert.Equal(0.25, auc, 12);
    }

    [Fact]
    public void Auc_WeightTwo_EqualsDuplicatedRow()
    {
        double weighted = RankingMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true], [2, 1, 1, 1]);
        double duplicated = RankingMetrics.Auc([0.1, 0.1, 0.4, 0.35, 0.8], [false, false, false, true, true]);

        Assert.Equal(duplicated, weighted, 12);
        Assert.Equal(5.0 / 6.0, weighted, 12);
    }

    [Fact]
    public void Auc_OneClassOnly_ReturnsNaN()
    {
        Assert.True(double.IsNaN(RankingMetrics.Auc([0.1, 0.2], [true, true])));
    }

    [Fact]
    public void Ndcg_HandComputedOrder_MatchesFormula()
    {
        // Ranked 0, 2, 1: DCG = 7/1 + 0/log2(3) + 3/log2(4) = 8.5; ideal = 7 + 3/log2(3) = 8.892789.
        double ndcg = RankingMetrics.Ndcg([0.9, 0.1, 0.5], [3, 2, 0], k: 10);

        Assert.Equal(8.5 / (7 + 3 / Math.Log2(3)), ndcg, 12);
        Assert.Equal(0.955831, ndcg, 5);
    }

    [Fact]
    public void Ndcg_CutOff_IgnoresItemsBelowK()
    {
        // Only rank 1 counts at k = 1, and the item there has gain 3 of an ideal 7.
        double ndcg = RankingMetrics.Ndcg([0.9, 0.1, 0.5], [2, 3, 0], k: 1);

        Assert.Equal(3.0 / 7.0, ndcg, 12);
    }

    [Fact]
    public void RandomNdcg_TwoItems_AveragesBothOrders()
    {
        // Orders (1, 0) and (0, 1) give DCG 1 and 1/log2(3); the ideal is 1.
        double expected = (1 + 1 / Math.Log2(3)) / 2;

        Assert.Equal(expected, RankingMetrics.RandomNdcg([1, 0], k: 10), 12);
        Assert.Equal(0.815465, RankingMetrics.RandomNdcg([1, 0], k: 10), 5);
    }

    [Fact]
    public void Percentile_FourValues_Interpolates()
    {
        Assert.Equal(2.5, Bootstrap.Percentile([4, 1, 3, 2], 0.5), 12);
        Assert.Equal(1.075, Bootstrap.Percentile([4, 1, 3, 2], 0.025), 12);
    }

    [Fact]
    public void Intervals_FixedSeed_Repeats()
    {
        double[] values = [1, 5, 2, 8, 3, 9, 4];
        Func<double[], double> mean = counts => values.Select((v, i) => v * counts[i]).Sum() / counts.Sum();

        MetricInterval first = Bootstrap.Intervals(values.Length, [mean], 200, seed: 3)[0];
        MetricInterval second = Bootstrap.Intervals(values.Length, [mean], 200, seed: 3)[0];

        Assert.Equal(first, second);
        Assert.Equal(32.0 / 7.0, first.Value, 12);
        Assert.True(first.Lower < first.Value);
        Assert.True(first.Upper > first.Value);
    }

    [Fact]
    public void Intervals_ConstantStatistic_HasZeroWidth()
    {
        MetricInterval interval = Bootstrap.Intervals(5, [_ => 0.25], 50, seed: 1)[0];

        Assert.Equal(new MetricInterval(0.25, 0.25, 0.25), interval);
        Assert.True(interval.ExcludesZero);
    }
}
