using System.Globalization;
using Skinsight.Core.Analysis;
using Skinsight.Core.Colour;
using Skinsight.Vision;
using Skinsight.Vision.Quality;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Compares the analysis across skin tones on UTKFace photos (<c>--utk N</c>, evenly spaced over labels.csv): the
/// quality-gate rejection rate and the p10 / median / p90 of each measure, by the UTKFace race label and by the ITA
/// category of the skin. A rejected photo, or one with an exposure warning, gets no tone from the analysis, so its ITA
/// category comes from a second analyzer with every blocking threshold and exposure warning turned off.
/// </summary>
internal static class ToneCommand
{
    /// <summary>UTKFace race codes, as its authors define them.</summary>
    private static readonly string[] s_races = ["White", "Black", "Asian", "Indian", "Others"];

    private static readonly string[] s_measures =
    [
        MeasureNames.Redness, MeasureNames.Spots, MeasureNames.Shine, MeasureNames.Texture, MeasureNames.Acne,
        MeasureNames.Wrinkles, MeasureNames.Pores, MeasureNames.DarkCircles, MeasureNames.Evenness,
    ];

    public static int Execute(BenchOptions options)
    {
        string folder = Path.Combine(options.Images, PhotoSets.Utk);
        var rows = File.ReadLines(Path.Combine(folder, "labels.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        double stride = Math.Max(1, (double)rows.Count / options.Utk);
        var picked = Enumerable.Range(0, Math.Min(options.Utk, rows.Count)).Select(i => rows[(int)(i * stride)]).ToList();

        using var analyzer = new SkinAnalyzer();
        using var permissive = new SkinAnalyzer(new SkinAnalyzerOptions { Quality = Permissive() });
        var results = new List<(string Race, string Ita, double ItaAngle, SkinAnalysis Analysis)>();
        foreach (string[] row in picked)
        {
            byte[] photo = File.ReadAllBytes(Path.Combine(folder, row[0]));
            SkinAnalysis analysis = analyzer.Analyze(photo);
            SkinTone? tone = analysis.SkinTone ?? permissive.Analyze(photo).SkinTone;
            string race = int.TryParse(row[3], CultureInfo.InvariantCulture, out int code) && code is >= 0 and < 5
                ? s_races[code]
                : "unlabelled";
            results.Add((race, tone?.Category ?? "no tone", tone?.Ita ?? double.NaN, analysis));
        }

        Console.WriteLine($"{results.Count} UTKFace photos");
        var categories = Ita.Categories.Select(c => c.Category).ToList();
        Print("race", results.GroupBy(r => r.Race).OrderBy(g => Array.IndexOf(s_races, g.Key)), r => (r.ItaAngle, r.Analysis));
        Print("ITA category", results.GroupBy(r => r.Ita).OrderBy(g => categories.IndexOf(g.Key)), r => (r.ItaAngle, r.Analysis));
        return 0;
    }

    private static void Print<T>(
        string title, IEnumerable<IGrouping<string, T>> groups, Func<T, (double Ita, SkinAnalysis Analysis)> select)
    {
        Console.WriteLine();
        Console.WriteLine($"| {title} | n | ITA° median | rejected | rejection reasons | "
            + string.Join(" | ", s_measures) + " |");
        Console.WriteLine("|" + string.Concat(Enumerable.Repeat(" --- |", 5 + s_measures.Length)));
        foreach (var group in groups)
        {
            var analyses = group.Select(g => select(g).Analysis).ToList();
            var angles = group.Select(g => select(g).Ita).Where(double.IsFinite).ToList();
            string ita = PhotoSets.Percentile(angles, 50).ToString("0", CultureInfo.InvariantCulture);
            var rejected = analyses.Where(a => a.Mode == AnalysisMode.Rejected).ToList();
            string reasons = string.Join(", ", rejected
                .SelectMany(a => a.Quality.Issues.Where(i => i.Blocking).Select(i => i.Code))
                .GroupBy(c => c)
                .OrderByDescending(c => c.Count())
                .Select(c => $"{c.Key} {c.Count()}"));
            var cells = s_measures.Select(name =>
            {
                var scores = analyses
                    .Where(a => a.Metrics.ContainsKey(name))
                    .Select(a => a.Metrics[name].Score)
                    .ToList();
                return scores.Count == 0
                    ? "-"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"{PhotoSets.Percentile(scores, 10):0} / {PhotoSets.Percentile(scores, 50):0} / {PhotoSets.Percentile(scores, 90):0}");
            });
            string share = (100.0 * rejected.Count / analyses.Count).ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"| {group.Key} | {analyses.Count} | {ita} | {share}% | {reasons} | {string.Join(" | ", cells)} |");
        }
    }

    /// <summary>
    /// Returns thresholds under which nothing is blocking and no exposure warning is raised, so that every decodable
    /// photo is measured and gets a tone (the analysis withholds the tone of a photo with an exposure warning).
    /// </summary>
    private static QualityThresholds Permissive() => new()
    {
        RejectShortSide = 64,
        RejectFaceWidthPixels = 0,
        MinCloseupSkinShare = 0,
        MinChroma = 0,
        RejectDarkL = 0,
        WarnDarkL = 0,
        WarnDimHighlight = 0,
        RejectBrightL = 100,
        WarnBrightL = 100,
        RejectClipped = 1,
        WarnClipped = 1,
        RejectSharpness = 0,
    };
}
