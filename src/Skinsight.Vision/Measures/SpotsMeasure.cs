using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Pigmented spots: blobs at least <see cref="DarkerBy"/> L* darker than the surrounding skin (its level smoothed over
/// 3% of the face width) and not redder than it by more than <see cref="MaxRedExcess"/> a*, which leaves red acne
/// lesions to the acne measure. Blobs are 0.8% to 8% of the face width across. The score is the larger of a score of
/// the spotted share of the skin and a score of the number of spots scaled to a whole face.
/// </summary>
internal sealed class SpotsMeasure : ISkinMeasure
{
    public const double DarkerBy = 8;
    public const double MaxRedExcess = 5;

    private static readonly ScoreScale s_areaScale = new((0, 0), (1, 30), (3, 60), (8, 100));
    private static readonly ScoreScale s_countScale = new((0, 0), (10, 30), (30, 60), (80, 100));

    public string Name => MeasureNames.Spots;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        double sigma = Math.Max(2, 0.03 * context.Scale);
        Mat levelL = context.SkinLevel(context.Lab.L, sigma);
        Mat levelA = context.SkinLevel(context.Lab.A, sigma);
        using var deltaL = new Mat();
        using var deltaA = new Mat();
        Cv2.Subtract(context.Lab.L, levelL, deltaL);
        Cv2.Subtract(context.Lab.A, levelA, deltaA);
        using Mat smoothL = Filters.Gaussian(deltaL, Math.Max(0.7, 0.003 * context.Scale));

        using var dark = new Mat();
        using var notRed = new Mat();
        Cv2.Compare(smoothL, new Scalar(-DarkerBy), dark, CmpTypes.LT);
        Cv2.Compare(deltaA, new Scalar(MaxRedExcess), notRed, CmpTypes.LT);
        Cv2.BitwiseAnd(dark, notRed, dark);
        Cv2.BitwiseAnd(dark, context.Core, dark);

        List<Blob> blobs = BlobFinder.Find(dark, smoothL, 0.008 * context.Scale, 0.08 * context.Scale);
        var (score, areaPercent, perFace) = Score(blobs, context.InnerPixels, context.Scale);

        var details = new Dictionary<string, double>
        {
            ["count"] = blobs.Count,
            ["countPerFace"] = Math.Round(perFace, 1),
            ["areaPercent"] = Math.Round(areaPercent, 2),
            ["meanContrastL"] = blobs.Count == 0 ? 0 : Math.Round(blobs.Average(b => b.Contrast), 2),
        };

        var result = new MeasureResult(
            Math.Round(score, 1),
            null,
            context.ScoreRegions(m => Score(BlobFinder.Inside(blobs, m), Cv2.CountNonZero(m), context.Scale).Score),
            details);
        return new MeasureOutcome(result, new MeasureOverlay { Blobs = blobs, MarkColour = (255, 200, 0) });
    }

    private static (double Score, double AreaPercent, double PerFace) Score(
        IReadOnlyCollection<Blob> blobs, int pixels, double scale)
    {
        if (pixels == 0)
        {
            return (0, 0, 0);
        }

        double areaPercent = 100 * blobs.Sum(b => b.Area) / pixels;
        double perFace = FaceArea.PerFace(blobs.Count, pixels, scale);
        return (Math.Max(s_areaScale[areaPercent], s_countScale[perFace]), areaPercent, perFace);
    }
}
