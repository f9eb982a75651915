using System.Globalization;
using System.Text;
using Skinsight.Vision;
using Skinsight.Vision.Quality;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Measures the quality quantities on real photos as they are and on blurred and re-exposed copies. It prints their
/// percentiles per condition, how many photos each condition gets accepted, and the issues raised, so that the
/// thresholds can be read off.
/// </summary>
internal static class CalibrateCommand
{
    private static readonly (string Name, Func<byte[], byte[]> Apply)[] s_conditions =
    [
        ("original", p => p),
        ("blur 0.5%", p => Degrade.Blur(p, 0.005)),
        ("blur 1%", p => Degrade.Blur(p, 0.01)),
        ("blur 2%", p => Degrade.Blur(p, 0.02)),
        ("light x0.25", p => Degrade.Expose(p, 0.25)),
        ("light x0.5", p => Degrade.Expose(p, 0.5)),
        ("light x2", p => Degrade.Expose(p, 2)),
        ("light x4", p => Degrade.Expose(p, 4)),
    ];

    public static int Execute(BenchOptions options)
    {
        using var analyzer = new SkinAnalyzer();
        var csv = new StringBuilder("set,file,condition,accepted,issues,hasFace,faceWidth,skinShare,chroma,medianL,litL,clipped,sharpness,lighting\n");
        foreach (var (set, count) in new[] { (PhotoSets.Acne, options.Acne), (PhotoSets.Utk, options.Utk) })
        {
            List<string> photos = PhotoSets.Pick(options.Images, set, count);
            var rows = new List<(string Condition, QualityFeatures Features, bool Accepted, string Issues)>();
            foreach (string path in photos)
            {
                byte[] original = File.ReadAllBytes(path);
                foreach (var (name, apply) in s_conditions)
                {
                    var (analysis, features) = analyzer.AnalyzeWithFeatures(apply(original), null, measure: false);
                    string issues = string.Join(' ', analysis.Quality.Issues.Select(i => i.Blocking ? i.Code + "!" : i.Code));
                    rows.Add((name, features, analysis.Quality.Accepted, issues));
                    csv.Append(CultureInfo.InvariantCulture, $"{set},{Path.GetFileName(path)},{name},{analysis.Quality.Accepted},{issues},");
                    csv.Append(CultureInfo.InvariantCulture, $"{features.HasFace},{features.FaceWidthFraction:F3},{features.SkinShare:F3},{features.MeanChroma:F2},");
                    csv.AppendLine(CultureInfo.InvariantCulture, $"{features.MedianL:F2},{features.LitL:F2},{features.ClippedShare:F4},{features.Sharpness:F2},{features.LightingRange:F2}");
                }
            }

            Print(set, rows);
        }

        Directory.CreateDirectory(options.Out);
        string file = Path.Combine(options.Out, "calibration.csv");
        File.WriteAllText(file, csv.ToString());
        Console.WriteLine($"Wrote {file}");
        return 0;
    }

    private static void Print(string set, List<(string Condition, QualityFeatures Features, bool Accepted, string Issues)> rows)
    {
        Console.WriteLine($"== {set}");
        Console.WriteLine("condition     n  accepted  sharpness p5/p50/p95   medianL p5/p50/p95   litL p5/p50/p95   clipped% p50/p95  lighting p50/p95  skin p5/p50");
        foreach (var group in rows.GroupBy(r => r.Condition))
        {
            var f = group.Select(r => r.Features).ToList();
            string P(Func<QualityFeatures, double> pick, double percent, string format = "F1") =>
                PhotoSets.Percentile(f.Select(pick).Where(v => !double.IsNaN(v)).ToList(), percent).ToString(format, CultureInfo.InvariantCulture);
            Console.WriteLine(
                $"{group.Key,-12} {group.Count(),3}  {group.Count(r => r.Accepted),5}     " +
                $"{P(x => x.Sharpness, 5)}/{P(x => x.Sharpness, 50)}/{P(x => x.Sharpness, 95)}      " +
                $"{P(x => x.MedianL, 5)}/{P(x => x.MedianL, 50)}/{P(x => x.MedianL, 95)}      " +
                $"{P(x => x.LitL, 5)}/{P(x => x.LitL, 50)}/{P(x => x.LitL, 95)}      " +
                $"{P(x => 100 * x.ClippedShare, 50)}/{P(x => 100 * x.ClippedShare, 95)}      " +
                $"{P(x => x.LightingRange, 50)}/{P(x => x.LightingRange, 95)}      " +
                $"{P(x => x.SkinShare, 5, "F2")}/{P(x => x.SkinShare, 50, "F2")}");
            var issues = group.SelectMany(r => r.Issues.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .GroupBy(i => i).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"             issues: {string.Join(", ", issues)}");
        }
    }
}
