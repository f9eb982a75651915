using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Evenness of skin tone: the spread of the skin colour at the scale of blotches, the colour smoothed over 1% of the
/// face width minus its level over 8% (which removes most of the shading of the face's shape). The spread is the root
/// of the summed squared robust deviations (interquartile range / 1.349) of a*, b* and half of L*, in CIELAB units.
/// Robust deviations keep a nose edge or a strand of hair from dominating it. L* counts half because the shading
/// that is left (around the nose, under the cheekbones) is in lightness. Unlike the other measures, a higher score
/// is better: 100 is a perfectly even tone.
/// </summary>
internal sealed class EvennessMeasure : ISkinMeasure
{
    private static readonly ScoreScale s_scale = new((1.5, 100), (3, 70), (5, 35), (8, 0));
    private static readonly double[] s_weights = [0.5, 1, 1];

    public string Name => MeasureNames.Evenness;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        var planes = new[] { context.Lab.L, context.Lab.A, context.Lab.B };
        var bands = new Mat[3];
        try
        {
            Mat[] fine = Filters.MaskedGaussian(planes, context.SkinArea, Math.Max(1, 0.01 * context.Scale));
            Mat[] coarse = Filters.MaskedGaussian(planes, context.SkinArea, Math.Max(4, 0.08 * context.Scale));
            for (int i = 0; i < 3; i++)
            {
                bands[i] = new Mat();
                Cv2.Subtract(fine[i], coarse[i], bands[i]);
                fine[i].Dispose();
                coarse[i].Dispose();
            }

            double[] Deviations(Mat mask) => bands.Select((b, i) => s_weights[i] * RobustDeviation(b, mask)).ToArray();
            double Spread(Mat mask) => Math.Sqrt(Deviations(mask).Sum(d => d * d));

            double[] deviations = Deviations(context.Inner);
            double spread = Math.Sqrt(deviations.Sum(d => d * d));
            var details = new Dictionary<string, double>
            {
                ["spreadDeltaE"] = Math.Round(spread, 3),
                ["deviationL"] = Math.Round(deviations[0] / s_weights[0], 3),
                ["deviationA"] = Math.Round(deviations[1], 3),
                ["deviationB"] = Math.Round(deviations[2], 3),
            };

            var deviation = new Mat();
            using var halfL = new Mat();
            bands[0].ConvertTo(halfL, MatType.CV_32F, s_weights[0]);
            Cv2.Magnitude(bands[1], bands[2], deviation);
            Cv2.Magnitude(deviation, halfL, deviation);
            deviation.ConvertTo(deviation, MatType.CV_32F, 1.0 / 8);
            Cv2.Threshold(deviation, deviation, 1, 1, ThresholdTypes.Trunc);

            double Score(double value) => double.IsNaN(value) ? 100 : s_scale[value];
            var result = new MeasureResult(
                Math.Round(Score(spread), 1), null, context.ScoreRegions(m => Score(Spread(m))), details);
            return new MeasureOutcome(result, new MeasureOverlay { Heat = deviation });
        }
        finally
        {
            foreach (Mat? band in bands)
            {
                band?.Dispose();
            }
        }
    }

    private static double RobustDeviation(Mat values, Mat mask)
    {
        double[] quartiles = MaskedStats.Percentiles(values, mask, 25, 75);
        return (quartiles[1] - quartiles[0]) / 1.349;
    }
}
