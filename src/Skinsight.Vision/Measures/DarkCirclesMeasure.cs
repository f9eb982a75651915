using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Dark circles: how much darker the skin under the eyes is than the cheeks, as the difference of median L*. It needs
/// both under-eye regions or one with its cheek, so it applies to face photos only. The score maps the difference.
/// </summary>
internal sealed class DarkCirclesMeasure : ISkinMeasure
{
    private static readonly ScoreScale s_scale = new((1, 0), (4, 30), (8, 70), (14, 100));

    public string Name => MeasureNames.DarkCircles;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        var sides = new[]
        {
            (RegionNames.LeftUnderEye, RegionNames.LeftCheek),
            (RegionNames.RightUnderEye, RegionNames.RightCheek),
        };

        var regions = new Dictionary<string, double>();
        var details = new Dictionary<string, double>();
        var deltas = new List<double>();
        var marks = new Mat(context.Area.Size(), MatType.CV_8UC1, Scalar.All(0));
        foreach (var (underEye, cheek) in sides)
        {
            Mat? underMask = context.RegionMask(underEye);
            Mat? cheekMask = context.RegionMask(cheek);
            if (underMask is null || cheekMask is null || Cv2.CountNonZero(underMask) < 30 || Cv2.CountNonZero(cheekMask) < 30)
            {
                continue;
            }

            double delta = MaskedStats.Median(context.Lab.L, cheekMask) - MaskedStats.Median(context.Lab.L, underMask);
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
