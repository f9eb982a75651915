using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Dark circles: how much darker the lower lid and tear trough are than the top of the cheekbone straight below them.
/// The raw value is the median L* of a band below the under-eye region minus that of the region. The band has the
/// region's width and height and starts a third of its height below it. Comparing the same columns keeps the light's
/// fall-off across the face out of the difference. Face photos only, because it needs an under-eye region.
/// </summary>
internal sealed class DarkCirclesMeasure : ISkinMeasure
{
    private static readonly ScoreScale s_scale = new((2, 0), (6, 30), (12, 70), (20, 100));

    public string Name => MeasureNames.DarkCircles;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        var regions = new Dictionary<string, double>();
        var details = new Dictionary<string, double>();
        var deltas = new List<double>();
        var marks = new Mat(context.Area.Size(), MatType.CV_8UC1, Scalar.All(0));
        foreach (string underEye in new[] { RegionNames.LeftUnderEye, RegionNames.RightUnderEye })
        {
            Mat? underMask = context.RegionMask(underEye);
            if (underMask is null || Cv2.CountNonZero(underMask) < 30)
            {
                continue;
            }

            Rect under = context.Regions[underEye];
            var below = new Rect(under.X, under.Bottom + (under.Height / 3), under.Width, under.Height);
            // The band below lies mostly outside the measured regions, so it is cut from all of the skin instead.
            using Mat referenceMask = Filters.RectMask(context.SkinArea, below);
            if (Cv2.CountNonZero(referenceMask) < 30)
            {
                continue;
            }

            double delta = MaskedStats.Median(context.Lab.L, referenceMask) - MaskedStats.Median(context.Lab.L, underMask);
            deltas.Add(delta);
            regions[underEye] = Math.Round(s_scale[delta], 1);
            details[underEye + "DeltaL"] = Math.Round(delta, 2);
            Cv2.BitwiseOr(marks, underMask, marks);
        }

        if (deltas.Count == 0)
        {
            marks.Dispose();
            return null;
        }

        double mean = deltas.Average();
        details["deltaL"] = Math.Round(mean, 2);
        var result = new MeasureResult(Math.Round(s_scale[mean], 1), null, regions, details);
        return new MeasureOutcome(result, new MeasureOverlay { Marks = marks, MarkColour = (140, 90, 255) });
    }
}
