using Skinsight.Core.Analysis;
using Skinsight.Vision;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Compares the acne and redness measures with the ACNE04 labels (severity grade 0-3 and annotated lesion count per
/// photo): the median score per grade and Spearman's rank correlation with the lesion count.
/// </summary>
internal static class AcneCommand
{
    public static int Execute(BenchOptions options)
    {
        string folder = Path.Combine(options.Images, PhotoSets.Acne);
        string labels = Path.Combine(folder, "labels.csv");
        if (!File.Exists(labels))
        {
            Console.Error.WriteLine($"The ACNE04 labels file {labels} does not exist: pass --images <folder>.");
            return 1;
        }

        // image_file, annotation_file, source_image, severity_level, ..., n_lesions (last column)
        var rows = File.ReadLines(labels).Skip(1).Select(l => l.Split(',')).ToList();
        double stride = Math.Max(1, (double)rows.Count / options.Acne);
        var picked = Enumerable.Range(0, Math.Min(options.Acne, rows.Count)).Select(i => rows[(int)(i * stride)]).ToList();

        using var analyzer = new SkinAnalyzer();
        var results = new List<(int Grade, int Lesions, AnalysisMode Mode, double Acne, double Count, double Redness)>();
        foreach (string[] row in picked)
        {
            SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, row[0])));
            if (!analysis.Metrics.TryGetValue(MeasureNames.Acne, out MeasureResult? acne))
            {
                results.Add((int.Parse(row[3]), int.Parse(row[^1]), analysis.Mode, double.NaN, double.NaN, double.NaN));
                continue;
            }

            results.Add((
                int.Parse(row[3]),
                int.Parse(row[^1]),
                analysis.Mode,
                acne.Score,
                acne.Details["count"],
                analysis.Metrics[MeasureNames.Redness].Score));
        }

        var measured = results.Where(r => !double.IsNaN(r.Acne)).ToList();
        Console.WriteLine($"{results.Count} photos, {measured.Count} measured");
        foreach (var grade in measured.GroupBy(r => r.Grade).OrderBy(g => g.Key))
        {
            var list = grade.ToList();
            Console.WriteLine(
                $"grade {grade.Key}: n={list.Count,3}  lesions median {PhotoSets.Percentile(list.Select(r => (double)r.Lesions).ToList(), 50),4:F0}  " +
                $"acne score median {PhotoSets.Percentile(list.Select(r => r.Acne).ToList(), 50),5:F1}  " +
                $"blobs median {PhotoSets.Percentile(list.Select(r => r.Count).ToList(), 50),4:F0}  " +
                $"redness median {PhotoSets.Percentile(list.Select(r => r.Redness).ToList(), 50),5:F1}");
        }

        foreach (AnalysisMode mode in new[] { AnalysisMode.Face, AnalysisMode.Closeup })
        {
            var subset = measured.Where(r => r.Mode == mode).ToList();
            Console.WriteLine($"{mode} ({subset.Count}): Spearman(acne score, lesions) = " +
                $"{Spearman(subset.Select(r => r.Acne).ToList(), subset.Select(r => (double)r.Lesions).ToList()):F2}, " +
                $"Spearman(redness, lesions) = " +
                $"{Spearman(subset.Select(r => r.Redness).ToList(), subset.Select(r => (double)r.Lesions).ToList()):F2}");
        }

        Console.WriteLine(
            $"all: Spearman(acne score, lesions) = {Spearman(measured.Select(r => r.Acne).ToList(), measured.Select(r => (double)r.Lesions).ToList()):F2}, " +
            $"Spearman(acne score, grade) = {Spearman(measured.Select(r => r.Acne).ToList(), measured.Select(r => (double)r.Grade).ToList()):F2}");
        return 0;
    }

    private static double Spearman(List<double> x, List<double> y)
    {
        if (x.Count < 3)
        {
            return double.NaN;
        }

        double[] rx = Ranks(x), ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Returns the ranks of <paramref name="values"/>, ties sharing their mean rank.</summary>
    private static double[] Ranks(List<double> values)
    {
        int[] order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0;
            }

            i = j + 1;
        }

        return ranks;
    }
}
