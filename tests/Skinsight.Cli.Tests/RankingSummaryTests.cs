using Skinsight.Cli.Commands;
using Skinsight.Ranking.Reviews;

namespace Skinsight.Cli.Tests;

public class RankingSummaryTests
{
    [Fact]
    public void RankerSummary_ListsModelAndBaselines()
    {
        var scores = new RankingScores(
            new MetricInterval(0.6, 0.55, 0.65), new MetricInterval(0.8, 0.7, 0.9), new MetricInterval(0.5, 0.45, 0.55));
        var report = new RankerReport(
            "Sephora", 1200, 900, 300, 12, 0.185,
            new MetricInterval(0.7, 0.68, 0.72), new MetricInterval(0.85, 0.8, 0.9), new MetricInterval(0.5, 0.45, 0.55),
            new RankerBaselines(scores, scores),
            new MetricInterval(0.1, 0.05, 0.15), new MetricInterval(-0.02, -0.04, 0.01),
            1000, "model.zip");

        string[] lines = [.. RankingCommands.RankerSummary(report)];

        Assert.Equal("1200 Sephora reviews by 900 authors (300 seen in training), 18.5% rated 3 or less; 12 profile groups.", lines[0]);
        Assert.Equal("model: AUC 0.700 [0.680, 0.720], NDCG@10 0.850 [0.800, 0.900] (random order 0.500 [0.450, 0.550])", lines[1]);
        Assert.Contains("AUC gain over product mean +0.100 [+0.050, +0.150], over no profile -0.020 [-0.040, +0.010]", lines[4], StringComparison.Ordinal);
    }
}
