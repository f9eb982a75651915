using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Texture: local high-frequency energy of the skin's lightness, the difference of Gaussians of L* at 0.4% and 2% of
/// the face width. The statistic is a robust standard deviation (1.4826 times the median absolute value), so a few
/// spots or highlight edges do not dominate it. It depends on the photo's resolution and sharpness, so it compares
/// photos taken alike, not different cameras.
/// </summary>
internal sealed class TextureMeasure : ISkinMeasure
{
    private static readonly ScoreScale s_scale = new((0.4, 0), (1.0, 30), (2.0, 70), (3.5, 100));

    public string Name => MeasureNames.Texture;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        double fineSigma = Math.Max(0.5, 0.004 * context.Scale);
        using Mat fine = Filters.MaskedGaussian(context.Lab.L, context.SkinArea, fineSigma);
        using Mat coarse = Filters.MaskedGaussian(context.Lab.L, context.SkinArea, Math.Max(1.5, 0.02 * context.Scale));
        using var band = new Mat();
        Cv2.Subtract(fine, coarse, band);

        // |fine - coarse| in float equals |band| exactly, since rounding a difference is symmetric in sign.
        using var magnitude = new Mat();
        Cv2.Absdiff(fine, coarse, magnitude);

        double Energy(Mat mask) => Cv2.CountNonZero(mask) == 0 ? double.NaN : 1.4826 * MaskedStats.Median(magnitude, mask);

        double energy = Energy(context.Inner);
        var details = new Dictionary<string, double>
        {
            ["robustStdL"] = Math.Round(energy, 3),
            ["fineSigmaPx"] = Math.Round(fineSigma, 2),
        };

        using var squared = new Mat();
        Cv2.Multiply(band, band, squared);
        using Mat local = Filters.Gaussian(squared, Math.Max(2, 0.02 * context.Scale));
        var heat = new Mat();
        Cv2.Sqrt(local, heat);
        heat.ConvertTo(heat, MatType.CV_32F, 1.0 / 5);
        Cv2.Threshold(heat, heat, 1, 1, ThresholdTypes.Trunc);

        var result = new MeasureResult(
            Math.Round(s_scale[energy], 1), null, context.ScoreRegions(m => s_scale[Energy(m)]), details);
        return new MeasureOutcome(result, new MeasureOverlay { Heat = heat });
    }
}
