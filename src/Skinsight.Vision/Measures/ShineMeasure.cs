using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Shine: specular highlights, the skin pixels that stand out as light, pale peaks, as light reflected by sebum or
/// sweat does. A pixel is a highlight when its L* is at least <see cref="LighterThanSkin"/> above the person's median
/// skin and <see cref="LighterThanSurround"/> above the skin around it (smoothed over 3% of the face width), so that
/// broadly lit skin does not count, and its chroma is under <see cref="ChromaRatio"/> of the median skin chroma. The
/// score maps the highlight share of the measured skin.
/// </summary>
internal sealed class ShineMeasure : ISkinMeasure
{
    public const double LighterThanSkin = 12;
    public const double LighterThanSurround = 6;
    public const double ChromaRatio = 0.7;

    private static readonly ScoreScale s_scale = new((0, 0), (1, 20), (4, 60), (10, 100));

    public string Name => MeasureNames.Shine;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        double medianChroma = Math.Sqrt((context.MedianA * context.MedianA) + (context.MedianB * context.MedianB));
        using var chroma = new Mat();
        Cv2.Magnitude(context.Lab.A, context.Lab.B, chroma);
        Mat level = context.SkinLevel(context.Lab.L, Math.Max(2, 0.03 * context.Scale));
        using var aboveSurround = new Mat();
        Cv2.Subtract(context.Lab.L, level, aboveSurround);

        using var light = new Mat();
        using var peak = new Mat();
        using var pale = new Mat();
        Cv2.Compare(context.Lab.L, new Scalar(Math.Max(context.MedianL + LighterThanSkin, 45)), light, CmpTypes.GT);
        Cv2.Compare(aboveSurround, new Scalar(LighterThanSurround), peak, CmpTypes.GT);
        Cv2.Compare(chroma, new Scalar(ChromaRatio * medianChroma), pale, CmpTypes.LT);
        var highlights = new Mat();
        Cv2.BitwiseAnd(light, peak, highlights);
        Cv2.BitwiseAnd(highlights, pale, highlights);
        Cv2.BitwiseAnd(highlights, context.Area, highlights);

        double Share(Mat mask)
        {
            int pixels = Cv2.CountNonZero(mask);
            if (pixels == 0)
            {
                return 0;
            }

            using var inside = new Mat();
            Cv2.BitwiseAnd(highlights, mask, inside);
            return 100.0 * Cv2.CountNonZero(inside) / pixels;
        }

        double share = Share(context.Inner);
        var details = new Dictionary<string, double>
        {
            ["highlightPercent"] = Math.Round(share, 2),
            ["medianL"] = Math.Round(context.MedianL, 1),
        };

        var result = new MeasureResult(
            Math.Round(s_scale[share], 1), null, context.ScoreRegions(m => s_scale[Share(m)]), details);
        return new MeasureOutcome(result, new MeasureOverlay { Marks = highlights, MarkColour = (0, 230, 255) });
    }
}
