using OpenCvSharp;

namespace Skinsight.Vision.Imaging;

/// <summary>Filters shared by the quality gate and the measures.</summary>
internal static class Filters
{
    /// <summary>Deviation, in pixels of the downscaled copy, at which wide Gaussian blurs are computed.</summary>
    private const double DownscaledSigma = 3;

    /// <summary>
    /// Returns the Gaussian average of <paramref name="values"/> (CV_32F) over the pixels inside
    /// <paramref name="mask"/> only (normalised convolution), so that hair and background outside the skin do not
    /// bleed into the local skin level. Pixels far from any masked pixel get their own value.
    /// </summary>
    public static Mat MaskedGaussian(Mat values, Mat mask, double sigma) => MaskedGaussian([values], mask, sigma)[0];

    /// <summary>
    /// Returns <see cref="MaskedGaussian(Mat, Mat, double)"/> of each plane, blurring the mask's weight only once for
    /// all of them.
    /// </summary>
    public static Mat[] MaskedGaussian(ReadOnlySpan<Mat> planes, Mat mask, double sigma)
    {
        using var weight = new Mat();
        mask.ConvertTo(weight, MatType.CV_32F, 1.0 / 255);
        using Mat blurredWeight = Gaussian(weight, sigma);

        // Where no masked pixel is near, the weight is about 0 and the pixel keeps its own value.
        using var uncovered = new Mat();
        Cv2.Compare(blurredWeight, new Scalar(1e-3), uncovered, CmpTypes.LE);

        var results = new Mat[planes.Length];
        using var weighted = new Mat();
        for (int i = 0; i < planes.Length; i++)
        {
            Cv2.Multiply(planes[i], weight, weighted);
            using Mat blurredValues = Gaussian(weighted, sigma);
            results[i] = new Mat();
            Cv2.Divide(blurredValues, blurredWeight, results[i]);
            planes[i].CopyTo(results[i], uncovered);
        }

        return results;
    }

    /// <summary>
    /// Returns a Gaussian blur of <paramref name="values"/> with standard deviation <paramref name="sigma"/> pixels.
    /// Wide blurs run on a copy downscaled so that the deviation there is <see cref="DownscaledSigma"/> pixels and are
    /// scaled back up: the result is smooth at that scale anyway, and a direct 100-pixel kernel costs 50 times more.
    /// </summary>
    public static Mat Gaussian(Mat values, double sigma)
    {
        var result = new Mat();
        double factor = sigma / DownscaledSigma;
        if (factor < 2)
        {
            Cv2.GaussianBlur(values, result, new Size(0, 0), sigma, sigma, BorderTypes.Reflect);
            return result;
        }

        var small = new Size(
            Math.Max(1, (int)Math.Round(values.Cols / factor)),
            Math.Max(1, (int)Math.Round(values.Rows / factor)));
        using var reduced = new Mat();
        Cv2.Resize(values, reduced, small, 0, 0, InterpolationFlags.Area);
        double reducedSigma = sigma * small.Width / values.Cols;
        Cv2.GaussianBlur(reduced, reduced, new Size(0, 0), reducedSigma, reducedSigma, BorderTypes.Reflect);
        Cv2.Resize(reduced, result, values.Size(), 0, 0, InterpolationFlags.Linear);
        return result;
    }

    /// <summary>Returns <paramref name="mask"/> eroded by a disc of radius <paramref name="radius"/> pixels.</summary>
    public static Mat Erode(Mat mask, double radius)
    {
        var result = new Mat();
        int size = (2 * Math.Max(1, (int)Math.Round(radius))) + 1;
        using Mat disc = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(size, size));
        Cv2.Erode(mask, result, disc);
        return result;
    }

    /// <summary>Returns an 8-bit mask that is 255 inside <paramref name="rect"/> and in <paramref name="mask"/>.</summary>
    public static Mat RectMask(Mat mask, Rect rect)
    {
        var result = new Mat(mask.Size(), MatType.CV_8UC1, Scalar.All(0));
        Rect clipped = rect.Intersect(new Rect(0, 0, mask.Cols, mask.Rows));
        if (clipped.Width > 0 && clipped.Height > 0)
        {
            using var source = new Mat(mask, clipped);
            using var target = new Mat(result, clipped);
            source.CopyTo(target);
        }

        return result;
    }
}
