using OpenCvSharp;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Quality;

/// <summary>Measures the quantities that the quality gate judges.</summary>
internal static class QualityProbe
{
    /// <summary>Reference face width, in pixels, that sharpness is measured at (larger faces are downscaled to it).</summary>
    public const double SharpnessFaceWidth = 256;

    /// <summary>Returns the mean CIELAB chroma of the whole image.</summary>
    public static double MeanChroma(LabImage lab)
    {
        using var chroma = new Mat();
        Cv2.Magnitude(lab.A, lab.B, chroma);
        return Cv2.Mean(chroma).Val0;
    }

    /// <summary>Returns the 99th percentile of the grey level (0-255) of the whole image.</summary>
    public static double Highlight(Mat bgr)
    {
        using var grey = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        using var values = new Mat();
        grey.ConvertTo(values, MatType.CV_32F);
        using var all = new Mat(grey.Size(), MatType.CV_8UC1, Scalar.All(255));
        return MaskedStats.Percentiles(values, all, 99)[0];
    }

    /// <summary>
    /// Returns the median and the 90th percentile of L* over the masked pixels and the share of them that are clipped,
    /// with at least two channels at 250 or more. One saturated channel is not counted: the red channel of pale skin
    /// saturates in well-exposed photos while the others keep the detail.
    /// </summary>
    public static (double MedianL, double LitL, double ClippedShare) Exposure(Mat bgr, LabImage lab, Mat mask)
    {
        int count = Cv2.CountNonZero(mask);
        if (count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        using var saturated = new Mat();
        Cv2.Threshold(bgr, saturated, 249, 1, ThresholdTypes.Binary);
        using var channelCount = new Mat();
        using var sum = Mat.FromArray(new float[,] { { 1, 1, 1 } });
        Cv2.Transform(saturated, channelCount, sum);
        using var clipped = new Mat();
        Cv2.Compare(channelCount, new Scalar(2), clipped, CmpTypes.GE);
        Cv2.BitwiseAnd(clipped, mask, clipped);

        double[] lightness = MaskedStats.Percentiles(lab.L, mask, 50, 90);
        return (lightness[0], lightness[1], (double)Cv2.CountNonZero(clipped) / count);
    }

    /// <summary>
    /// Returns the variance of the Laplacian of the grey image inside <paramref name="region"/> (where
    /// <paramref name="mask"/> is set), after downscaling so that <paramref name="scale"/> becomes at most
    /// <see cref="SharpnessFaceWidth"/> pixels and a 3x3 median filter removes impulse noise, which would otherwise
    /// read as sharpness. The variance is scaled by (128 / mean grey) squared, so that a dim photo of a sharp face
    /// does not read as blurred.
    /// </summary>
    public static double Sharpness(Mat bgr, Mat mask, Rect region, double scale)
    {
        region = region.Intersect(new Rect(0, 0, bgr.Cols, bgr.Rows));
        if (region.Width < 8 || region.Height < 8)
        {
            return double.NaN;
        }

        using var crop = new Mat(bgr, region);
        using var grey = new Mat();
        Cv2.CvtColor(crop, grey, ColorConversionCodes.BGR2GRAY);
        using var cropMask = new Mat(mask, region);

        double factor = Math.Min(1.0, SharpnessFaceWidth / scale);
        using var small = new Mat();
        using var smallMask = new Mat();
        Cv2.Resize(grey, small, new Size(), factor, factor, InterpolationFlags.Area);
        Cv2.Resize(cropMask, smallMask, small.Size(), 0, 0, InterpolationFlags.Nearest);
        Cv2.MedianBlur(small, small, 3);

        using var laplacian = new Mat();
        Cv2.Laplacian(small, laplacian, MatType.CV_32F, 1);
        using Mat inner = Filters.Erode(smallMask, 2);
        double std = MaskedStats.StdDev(laplacian, inner);
        if (double.IsNaN(std))
        {
            return double.NaN;
        }

        double meanGrey = Math.Max(16, Cv2.Mean(small, inner).Val0);
        return std * std * Math.Pow(128 / meanGrey, 2);
    }

    /// <summary>Returns the 95th minus the 5th percentile of L* smoothed at 8% of the scale over the mask.</summary>
    public static double LightingRange(LabImage lab, Mat mask, double scale)
    {
        if (Cv2.CountNonZero(mask) < 100)
        {
            return double.NaN;
        }

        using Mat smooth = Filters.MaskedGaussian(lab.L, mask, Math.Max(2, 0.08 * scale));
        double[] p = MaskedStats.Percentiles(smooth, mask, 5, 95);
        return p[1] - p[0];
    }
}
