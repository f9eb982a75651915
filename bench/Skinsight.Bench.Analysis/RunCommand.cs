using System.Diagnostics;
using System.Globalization;
using System.Text;
using Skinsight.Core.Analysis;
using Skinsight.Vision;

namespace Skinsight.Bench.Analysis;

/// <summary>Analyses photos of both sets and reports acceptance, rejection reasons, scores and time per photo.</summary>
internal static class RunCommand
{
    private static readonly string[] s_measures =
    [
        MeasureNames.Redness, MeasureNames.Spots, MeasureNames.Shine, MeasureNames.Texture, MeasureNames.Acne,
        MeasureNames.Wrinkles, MeasureNames.Pores, MeasureNames.DarkCircles, MeasureNames.Evenness,
    ];

    public static int Execute(BenchOptions options)
    {
        Directory.CreateDirectory(options.Out);
        using var analyzer = new SkinAnalyzer();
        var rows = new List<Row>();
        foreach (var (set, count) in new[] { (PhotoSets.Acne, options.Acne), (PhotoSets.Utk, options.Utk) })
        {
            List<string> photos = PhotoSets.Pick(options.Images, set, count);
            if (photos.Count > 0)
            {
                // The first call loads code paths and native libraries; it is not timed.
                analyzer.Analyze(File.ReadAllBytes(photos[0]));
            }

            for (int i = 0; i < photos.Count; i++)
            {
                string? overlays = i < options.Overlays
                    ? Path.Combine(options.Out, "overlays", set, Path.GetFileNameWithoutExtension(photos[i]))
                    : null;
                byte[] bytes = File.ReadAllBytes(photos[i]);
                var stopwatch = Stopwatch.StartNew();
                SkinAnalysis analysis = analyzer.Analyze(bytes, overlays);
                rows.Add(new Row(set, Path.GetFileName(photos[i]), analysis, stopwatch.Elapsed.TotalMilliseconds));
            }
        }

        WriteCsv(Path.Combine(options.Out, "results.csv"), rows);
        PrintSummary(rows);
        return 0;
    }

    private static void PrintSummary(List<Row> rows)
    {
        foreach (var group in rows.GroupBy(r => r.Set))
        {
            var list = group.ToList();
            Console.WriteLine($"== {group.Key}: {list.Count} photos");
            foreach (var mode in list.GroupBy(r => r.Analysis.Mode).OrderBy(g => g.Key))
            {
                Console.WriteLine($"  mode {mode.Key}: {mode.Count()}");
            }

            var issues = list
                .SelectMany(r => r.Analysis.Quality.Issues)
                .GroupBy(i => (i.Code, i.Blocking))
                .OrderByDescending(g => g.Count());
            foreach (var issue in issues)
            {
                Console.WriteLine($"  issue {issue.Key.Code}{(issue.Key.Blocking ? " (blocking)" : string.Empty)}: {issue.Count()}");
            }

            var times = list.Select(r => r.Milliseconds).ToList();
            Console.WriteLine(
                $"  time per photo: median {PhotoSets.Percentile(times, 50):F0} ms, p95 {PhotoSets.Percentile(times, 95):F0} ms");
            var accepted = list.Where(r => r.Analysis.Quality.Accepted).ToList();
            foreach (string measure in s_measures)
            {
                var scores = accepted
                    .Where(r => r.Analysis.Metrics.ContainsKey(measure))
                    .Select(r => r.Analysis.Metrics[measure].Score)
                    .ToList();
                if (scores.Count > 0)
                {
                    Console.WriteLine(
                        $"  {measure,-12} n={scores.Count,3} p10 {PhotoSets.Percentile(scores, 10),5:F1} " +
                        $"median {PhotoSets.Percentile(scores, 50),5:F1} p90 {PhotoSets.Percentile(scores, 90),5:F1}");
                }
            }
        }

        var all = rows.Select(r => r.Milliseconds).ToList();
        Console.WriteLine(
            $"== all: {rows.Count} photos, {rows.Count(r => r.Analysis.Quality.Accepted)} accepted; " +
            $"time median {PhotoSets.Percentile(all, 50):F0} ms, p95 {PhotoSets.Percentile(all, 95):F0} ms");
    }

    private static void WriteCsv(string path, List<Row> rows)
    {
        var csv = new StringBuilder();
        csv.Append("set,file,mode,accepted,quality,issues,ms,ita,tone");
        foreach (string measure in s_measures)
        {
            csv.Append(',').Append(measure);
        }

        csv.AppendLine(",concerns");
        foreach (Row row in rows)
        {
            SkinAnalysis a = row.Analysis;
            csv.Append(CultureInfo.InvariantCulture, $"{row.Set},{row.File},{a.Mode},{a.Quality.Accepted},{a.Quality.Score},");
            csv.Append(string.Join(' ', a.Quality.Issues.Select(i => i.Blocking ? i.Code + "!" : i.Code)));
            csv.Append(CultureInfo.InvariantCulture, $",{row.Milliseconds:F1},{a.SkinTone?.Ita},{a.SkinTone?.Category}");
            foreach (string measure in s_measures)
            {
                csv.Append(',');
                if (a.Metrics.TryGetValue(measure, out MeasureResult? result))
                {
                    csv.Append(result.Score.ToString(CultureInfo.InvariantCulture));
                }
            }

            csv.Append(',').AppendLine(string.Join(' ', a.Concerns.Select(c => $"{c.Concern}:{c.Severity:F2}")));
        }

        File.WriteAllText(path, csv.ToString());
        Console.WriteLine($"Wrote {path}");
    }

    private sealed record Row(string Set, string File, SkinAnalysis Analysis, double Milliseconds);
}
