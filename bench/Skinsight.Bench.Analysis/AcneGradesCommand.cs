using System.Globalization;
using Skinsight.Vision;
using Skinsight.Vision.Acne;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Calibrates the acne detector and grader on ACNE04 train rows: for each detector setting from <c>--try
/// RedderBy=..;BoxScale=..</c>, runs the detector on every n-th row (<c>--stride</c>), prints detection precision,
/// recall and count error, and searches the grade cut points on the detected count that maximise accuracy.
/// </summary>
internal static class AcneGradesCommand
{
    public static int Execute(BenchOptions options)
    {
        string folder = Path.Combine(options.Images, PhotoSets.Acne);
        using var analyzer = new SkinAnalyzer();
        IEnumerable<string> settings = options.Grid.Count > 0 ? options.Grid : ["RedderBy=6;BoxScale=1.6"];
        foreach (string setting in settings)
        {
            var values = setting.Split(';').Select(p => p.Split('='))
                .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
            var results = AcneEvaluation.Detect(
                analyzer, folder, "train", values["RedderBy"], values["BoxScale"], options.Stride, out int rejected);
            var (cuts, accuracy) = BestCutPoints(results);
            var score = AcneEvaluation.Score(results, cuts, rejected);
            Console.WriteLine($"{setting}: n {score.N}, precision {score.DetectionPrecision:F3}, recall "
                + $"{score.DetectionRecall:F3}, count MAE {score.CountMae:F2}, best cut points {string.Join('/', cuts)} "
                + $"accuracy {accuracy:F3}, recall by grade {string.Join(' ', score.GradeRecall.Select(p => $"{p.Key}:{p.Value:F2}"))}");
        }

        return 0;
    }

    private static (int[] Cuts, double Accuracy) BestCutPoints(IReadOnlyList<AcnePhotoResult> results)
    {
        int max = Math.Max(4, results.Max(r => r.Detected) + 1);
        int[] best = [1, 2, 3];
        double bestAccuracy = -1;
        for (int a = 1; a < max; a++)
        {
            for (int b = a + 1; b < max; b++)
            {
                for (int c = b + 1; c <= max; c++)
                {
                    int[] cuts = [a, b, c];
                    double accuracy = results.Count(r => AcneGrader.Grade(r.Detected, cuts) == r.LabelledGrade)
                        / (double)results.Count;
                    if (accuracy > bestAccuracy)
                    {
                        (best, bestAccuracy) = (cuts, accuracy);
                    }
                }
            }
        }

        return (best, bestAccuracy);
    }
}
