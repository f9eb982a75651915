using System.Text.Json;
using Skinsight.Vision.Lesions;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Tunes the lesion segmentation: scores the Otsu-on-blue baseline, the defaults and a grid of settings on every
/// n-th DermaMNIST row of one split (<c>--split</c>, train unless given), one line per setting, best mean Jaccard last.
/// </summary>
internal static class LesionsCommand
{
    public static int Execute(BenchOptions options)
    {
        string folder = Path.Combine(options.Images, "ham10000-dermamnist");
        var baseline = new LesionSegmenterOptions
        {
            Channel = 0, HairKernel = 0, FrameDarkness = 0, Closing = 0.06, Smoothing = 0.01, Dilation = 0,
        };
        var current = new LesionSegmenterOptions();
        List<LesionSegmenterOptions> grid = [baseline, current];
        foreach (string setting in options.Grid)
        {
            grid.Add(Apply(current, setting));
        }

        var results = new List<(LesionSegmenterOptions Options, LesionSegmentationScore Score)>();
        foreach (var candidate in grid)
        {
            var score = LesionSegmentationEvaluation.Evaluate(folder, options.Split, candidate, options.Stride);
            results.Add((candidate, score));
            Console.WriteLine($"{score.MeanJaccard:F4} dice {score.MeanDice:F4} thr {score.ThresholdedJaccard:F4} "
                + $"empty {score.EmptyPredictions} n {score.N} {score.MsPerImage:F1} ms  {candidate}");
        }

        var best = results.MaxBy(r => r.Score.MeanJaccard);
        Console.WriteLine($"best: {best.Score.MeanJaccard:F4} {best.Options}");
        return 0;
    }

    /// <summary>Applies a setting such as <c>ThresholdShift=10;Dilation=0.02</c> to the options, by JSON.</summary>
    private static LesionSegmenterOptions Apply(LesionSegmenterOptions options, string setting)
    {
        var json = JsonSerializer.SerializeToNode(options)!.AsObject();
        foreach (string pair in setting.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=');
            json[parts[0]] = bool.TryParse(parts[1], out bool flag)
                ? flag
                : double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return json.Deserialize<LesionSegmenterOptions>()!;
    }
}
