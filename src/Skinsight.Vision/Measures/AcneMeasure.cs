using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Acne lesions: compact blobs at least <see cref="RedderBy"/> a* redder than the surrounding skin (its level smoothed
/// over 3% of the face width), 0.8% to 6% of the face width across. A photo shows colour, not height, so "raised" is
/// not measured: any small red blob counts. The score maps the lesion count scaled to a whole face, with anchors at
/// the lesion counts of the Hayashi grades (mild up to 5 per half face, moderate 6-20, severe 21-50).
/// </summary>
internal sealed class AcneMeasure : ISkinMeasure
{
    public const double RedderBy = 6;

    private static readonly ScoreScale s_scale = new((0, 0), (5, 25), (20, 55), (50, 85), (100, 100));

    public string Name => MeasureNames.Acne;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        List<Blob> blobs = FindLesions(context, RedderBy);
        double perFace = FaceArea.PerFace(blobs.Count, context.InnerPixels, context.Scale);

        var details = new Dictionary<string, double>
        {
            ["count"] = blobs.Count,
            ["countPerFace"] = Math.Round(perFace, 1),
            ["areaPercent"] = Math.Round(100 * blobs.Sum(b => b.Area) / Math.Max(1, context.InnerPixels), 2),
            ["meanContrastA"] = blobs.Count == 0 ? 0 : Math.Round(blobs.Average(b => b.Contrast), 2),
        };

        var result = new MeasureResult(
            Math.Round(s_scale[perFace], 1),
            null,
            context.ScoreRegions(m =>
                s_scale[FaceArea.PerFace(BlobFinder.Inside(blobs, m).Count, Cv2.CountNonZero(m), context.Scale)]),
            details);
        return new MeasureOutcome(result, new MeasureOverlay { Blobs = blobs, MarkColour = (255, 40, 40) });
    }

    /// <summary>
    /// Returns the red blobs of the core of the measured area that are at least <paramref name="redderBy"/> a* redder
    /// than the skin around them, with their mean excess a* as contrast.
    /// </summary>
    internal static List<Blob> FindLesions(MeasureContext context, double redderBy)
    {
        double sigma = Math.Max(2, 0.03 * context.Scale);
        Mat levelA = context.SkinLevel(context.Lab.A, sigma);
        using var deltaA = new Mat();
        Cv2.Subtract(context.Lab.A, levelA, deltaA);
        using Mat smoothA = Filters.Gaussian(deltaA, Math.Max(0.7, 0.003 * context.Scale));

        using var red = new Mat();
        Cv2.Compare(smoothA, new Scalar(redderBy), red, CmpTypes.GT);
        Cv2.BitwiseAnd(red, context.Core, red);
        return BlobFinder.Find(red, smoothA, 0.008 * context.Scale, 0.06 * context.Scale);
    }
}
