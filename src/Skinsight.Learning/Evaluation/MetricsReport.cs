using System.Globalization;
using System.Text;

namespace Skinsight.Learning.Evaluation;

/// <summary>Formats <see cref="ClassificationMetrics"/> as Markdown tables for reports and model cards.</summary>
public static class MetricsReport
{
    /// <summary>Returns the summary line, the per-class table and the confusion matrix (rows true, columns predicted).</summary>
    public static string ToMarkdown(ClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var text = new StringBuilder();
        text.Append(Invariant($"{metrics.SampleCount} images: accuracy {metrics.Accuracy:F4}, "));
        text.AppendLine(Invariant($"balanced accuracy {metrics.BalancedAccuracy:F4}, macro AUC {Format(metrics.MacroAuc)}"));
        text.AppendLine();
        text.AppendLine("| class | support | precision | recall | F1 | AUC |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (ClassMetrics c in metrics.PerClass)
        {
            text.AppendLine(Invariant(
                $"| {c.Name} | {c.Support} | {c.Precision:F3} | {c.Recall:F3} | {c.F1:F3} | {Format(c.Auc)} |"));
        }

        text.AppendLine();
        string[] names = metrics.PerClass.Select(c => c.Name).ToArray();
        text.AppendLine("| true \\ predicted | " + string.Join(" | ", names) + " |");
        text.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" --- |", names.Length)));
        for (int i = 0; i < names.Length; i++)
        {
            text.AppendLine($"| {names[i]} | " + string.Join(" | ", metrics.ConfusionMatrix[i]) + " |");
        }

        return text.ToString();
    }

    private static string Format(double? value) =>
        value.HasValue ? value.Value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
