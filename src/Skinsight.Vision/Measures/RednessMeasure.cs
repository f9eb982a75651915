using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Redness: how much redder than the person's own skin the skin is. Each pixel's excess is its CIELAB a* minus the
/// 30th percentile of the person's skin a*, smoothed over 0.4% of the face width. The score maps the mean positive
/// excess over the measured skin; a pixel with an excess above <see cref="RedExcess"/> counts as red area.
/// </summary>
internal sealed class RednessMeasure : ISkinMeasure
{
    /// <summary>a* excess above which a pixel is visibly red against the person's skin (CIELAB units).</summary>
    public const double RedExcess = 8;

    private static readonly ScoreScale s_scale = new((0.5, 0), (2, 25), (4, 60), (7, 100));

    public string Name => MeasureNames.Redness;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        // ConvertTo subtracts the reference as Subtract with a scalar does, at a fraction of OpenCvSharp's cost for it.
        using var raw = new Mat();
        context.Lab.A.ConvertTo(raw, MatType.CV_32F, 1, -context.ReferenceA);
        using Mat excess = Filters.Gaussian(raw, Math.Max(0.8, 0.004 * context.Scale));
        using var positive = new Mat();
        // Thresholds give max(x, 0) and min(x, 1) for finite values, and OpenCvSharp's scalar Max and Min cost far more.
        Cv2.Threshold(excess, positive, 0, 0, ThresholdTypes.Tozero);

        using var red = new Mat();
        Cv2.Compare(excess, new Scalar(RedExcess), red, CmpTypes.GT);
        Cv2.BitwiseAnd(red, context.Inner, red);

        double MeanExcess(Mat mask) => Cv2.CountNonZero(mask) == 0 ? 0 : Cv2.Mean(positive, mask).Val0;

        double meanExcess = MeanExcess(context.Inner);
        var details = new Dictionary<string, double>
        {
            ["meanExcessA"] = Math.Round(meanExcess, 2),
            ["redAreaPercent"] = Math.Round(100.0 * Cv2.CountNonZero(red) / Math.Max(1, context.InnerPixels), 2),
            ["referenceA"] = Math.Round(context.ReferenceA, 2),
            ["medianA"] = Math.Round(context.MedianA, 2),
        };

        var heat = new Mat();
        positive.ConvertTo(heat, MatType.CV_32F, 1.0 / 15);
        Cv2.Threshold(heat, heat, 1, 1, ThresholdTypes.Trunc);

        var result = new MeasureResult(
            Math.Round(s_scale[meanExcess], 1), null, context.ScoreRegions(m => s_scale[MeanExcess(m)]), details);
        return new MeasureOutcome(result, new MeasureOverlay { Heat = heat });
    }
}
