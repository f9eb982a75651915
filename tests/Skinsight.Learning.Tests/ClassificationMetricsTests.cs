using Skinsight.Learning.Evaluation;

namespace Skinsight.Learning.Tests;

public class ClassificationMetricsTests
{
    private const int Precision = 10;

    private static readonly string[] s_classes = ["a", "b", "c"];

    // Seven samples worked through by hand: argmax predictions are 0, 1, 1, 2, 2, 1, 0, which gives the
    // confusion rows [2 1 0], [0 1 1], [0 1 1].
    private static readonly int[] s_labels = [0, 0, 1, 1, 2, 2, 0];

    private static readonly float[][] s_probabilities =
    [
        [0.7f, 0.2f, 0.1f],
        [0.3f, 0.6f, 0.1f],
        [0.2f, 0.5f, 0.3f],
        [0.1f, 0.4f, 0.5f],
        [0.1f, 0.1f, 0.8f],
        [0.2f, 0.45f, 0.35f],
        [0.9f, 0.05f, 0.05f],
    ];

    [Fact]
    public void Compute_HandWorkedSamples_ReturnsConfusionMatrix()
    {
        var metrics = ClassificationMetrics.Compute(s_labels, s_probabilities, s_classes);

        Assert.Equal([2, 1, 0], metrics.ConfusionMatrix[0]);
        Assert.Equal([0, 1, 1], metrics.ConfusionMatrix[1]);
        Assert.Equal([0, 1, 1], metrics.ConfusionMatrix[2]);
        Assert.Equal(7, metrics.SampleCount);
    }

    [Fact]
    public void Compute_HandWorkedSamples_ReturnsAccuracies()
    {
        var metrics = ClassificationMetrics.Compute(s_labels, s_probabilities, s_classes);

        Assert.Equal(4.0 / 7, metrics.Accuracy, Precision);
        Assert.Equal(((2.0 / 3) + 0.5 + 0.5) / 3, metrics.BalancedAccuracy, Precision);
    }

    [Fact]
    public void Compute_HandWorkedSamples_ReturnsPerClassScores()
    {
        var metrics = ClassificationMetrics.Compute(s_labels, s_probabilities, s_classes);
        ClassMetrics a = metrics.PerClass[0];
        ClassMetrics b = metrics.PerClass[1];
        ClassMetrics c = metrics.PerClass[2];

        Assert.Equal(("a", 3), (a.Name, a.Support));
        Assert.Equal(1.0, a.Precision, Precision);
        Assert.Equal(2.0 / 3, a.Recall, Precision);
        Assert.Equal(0.8, a.F1, Precision);
        Assert.Equal(1.0 / 3, b.Precision, Precision);
        Assert.Equal(0.5, b.Recall, Precision);
        Assert.Equal(0.4, b.F1, Precision);
        Assert.Equal(0.5, c.Precision, Precision);
        Assert.Equal(0.5, c.Recall, Precision);
        Assert.Equal(0.5, c.F1, Precision);
    }

    [Fact]
    public void Compute_HandWorkedSamples_ReturnsOneVsRestAuc()
    {
        var metrics = ClassificationMetrics.Compute(s_labels, s_probabilities, s_classes);

        // Class a: every positive outranks every negative. Class b: 7 of 10 pairs. Class c: 9 of 10 pairs.
        Assert.Equal(1.0, metrics.PerClass[0].Auc!.Value, Precision);
        Assert.Equal(0.7, metrics.PerClass[1].Auc!.Value, Precision);
        Assert.Equal(0.9, metrics.PerClass[2].Auc!.Value, Precision);
        Assert.Equal(2.6 / 3, metrics.MacroAuc!.Value, Precision);
    }

    [Fact]
    public void Compute_ClassWithoutSamples_LeavesItOutOfAverages()
    {
        int[] labels = [0, 1, 0, 1];
        float[][] probabilities = [[0.9f, 0.1f, 0f], [0.2f, 0.8f, 0f], [0.4f, 0.6f, 0f], [0.3f, 0.7f, 0f]];

        var metrics = ClassificationMetrics.Compute(labels, probabilities, s_classes);

        Assert.Null(metrics.PerClass[2].Auc);
        Assert.Equal(0, metrics.PerClass[2].Support);
        Assert.Equal((0.5 + 1.0) / 2, metrics.BalancedAccuracy, Precision);
        Assert.Equal(1.0, metrics.MacroAuc!.Value, Precision);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.5, 0.5, 0.5 }, new[] { true, false, true, false }, 0.5)]
    [InlineData(new[] { 0.2, 0.4, 0.4, 0.8 }, new[] { false, true, false, true }, 0.875)]
    [InlineData(new[] { 0.9, 0.1 }, new[] { false, true }, 0.0)]
    public void RocAuc_TiedAndOrderedScores_CountsTiesAsHalf(double[] scores, bool[] isPositive, double expected)
    {
        double? auc = ClassificationMetrics.RocAuc(scores, isPositive);

        Assert.Equal(expected, auc!.Value, Precision);
    }

    [Fact]
    public void RocAuc_OnlyPositives_ReturnsNull()
    {
        Assert.Null(ClassificationMetrics.RocAuc([0.1, 0.7], [true, true]));
    }

    [Fact]
    public void Compute_LabelOutOfRange_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => ClassificationMetrics.Compute([3], [[0.2f, 0.3f, 0.5f]], s_classes));

        Assert.Contains("Label 3", exception.Message);
    }

    [Fact]
    public void ToMarkdown_HandWorkedSamples_ListsSummaryAndConfusionRows()
    {
        var metrics = ClassificationMetrics.Compute(s_labels, s_probabilities, s_classes);

        string report = MetricsReport.ToMarkdown(metrics);

        Assert.Contains("7 images: accuracy 0.5714, balanced accuracy 0.5556, macro AUC 0.8667", report);
        Assert.Contains("| a | 3 | 1.000 | 0.667 | 0.800 | 1.0000 |", report);
        Assert.Contains("| a | 2 | 1 | 0 |", report);
    }
}
