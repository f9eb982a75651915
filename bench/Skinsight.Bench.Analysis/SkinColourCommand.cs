using System.Globalization;
using Skinsight.Vision;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Reports where the colour of the measured skin falls on real skin photos (faces and dermoscopy close-ups) and
/// on photos that are not skin, so that the quality gate's "not skin" rule can be set between them.
/// </summary>
internal static class SkinColourCommand
{
    private static readonly string[] s_notSkin =
    [
        "/usr/share/doc/opencv-doc/examples/data/messi5.jpg",
        "/usr/share/doc/opencv-doc/examples/data/baboon.jpg",
        "/usr/share/doc/opencv-doc/examples/data/fruits.jpg",
        "/usr/share/doc/opencv-doc/examples/data/building.jpg",
        "/usr/share/doc/opencv-doc/examples/data/board.jpg",
        "/usr/share/doc/opencv-doc/examples/data/apple.jpg",
        "/usr/share/doc/opencv-doc/examples/data/butterfly.jpg",
        "/usr/share/doc/opencv-doc/examples/data/home.jpg",
        "/usr/share/doc/opencv-doc/examples/data/HappyFish.jpg",
        "/usr/share/doc/opencv-doc/examples/data/aero1.jpg",
        "/usr/share/doc/opencv-doc/examples/data/blox.jpg",
        "/usr/share/doc/opencv-doc/examples/data/orange.jpg",
        "/usr/share/doc/opencv-doc/examples/data/pic1.png",
    ];

    public static int Execute(BenchOptions options)
    {
        using var analyzer = new SkinAnalyzer();
        var sets = new List<(string Name, List<string> Photos)>
        {
            ("acne04", PhotoSets.Pick(options.Images, PhotoSets.Acne, options.Acne)),
            ("utkface", PhotoSets.Pick(options.Images, PhotoSets.Utk, options.Utk)),
            ("ham10000", PhotoSets.Pick(options.Images, "ham10000-dermamnist", options.Utk)),
            ("not skin", s_notSkin.Where(File.Exists).ToList()),
        };
        Console.WriteLine("set         n  accepted  closeups  b* p1/p5/p50   ITA p1/p50/p99   b*<=2 among accepted close-ups");
        foreach (var (name, photos) in sets)
        {
            var rows = new List<(bool Accepted, bool Closeup, double B, double Ita, string File)>();
            foreach (string path in photos)
            {
                var analysis = analyzer.Analyze(File.ReadAllBytes(path));
                var tone = analysis.SkinTone;
                rows.Add((analysis.Quality.Accepted, analysis.Mode == Core.Analysis.AnalysisMode.Closeup,
                    tone?.B ?? double.NaN, tone?.Ita ?? double.NaN, Path.GetFileName(path)));
            }

            var b = rows.Where(r => !double.IsNaN(r.B)).Select(r => r.B).ToList();
            var ita = rows.Where(r => !double.IsNaN(r.Ita)).Select(r => r.Ita).ToList();
            string P(List<double> values, double percent) =>
                PhotoSets.Percentile(values, percent).ToString("F1", CultureInfo.InvariantCulture);
            var low = rows.Where(r => r.Accepted && r.Closeup && r.B <= 2).ToList();
            Console.WriteLine(
                $"{name,-10} {rows.Count,3}  {rows.Count(r => r.Accepted),5}    {rows.Count(r => r.Closeup),5}     " +
                $"{P(b, 1)}/{P(b, 5)}/{P(b, 50)}      {P(ita, 1)}/{P(ita, 50)}/{P(ita, 99)}      {low.Count}");
            foreach (var row in rows.Where(r => name == "not skin" || (r.Accepted && r.Closeup && r.B <= 2)))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {row.File}: accepted {row.Accepted}, close-up {row.Closeup}, b* {row.B:F1}, ITA {row.Ita:F1}"));
            }
        }

        return 0;
    }
}
