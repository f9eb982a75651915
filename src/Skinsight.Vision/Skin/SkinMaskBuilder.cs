using OpenCvSharp;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Skin;

/// <summary>
/// Builds the skin masks of a working image in three steps. First the pixel classifier labels each pixel. Then a
/// Gaussian model of the person's own skin chroma, fitted on those labels (inside the face when one was found),
/// relabels every pixel. Last, morphology removes speckles and fills holes.
/// </summary>
internal static class SkinMaskBuilder
{
    /// <summary>Squared Mahalanobis distance in the CrCb plane within which a pixel matches the person's skin
    /// (the 99% quantile of a chi-square distribution with 2 degrees of freedom).</summary>
    private const double MatchDistanceSquared = 9.21;

    private const int MinSeedPixels = 400;

    /// <summary>Builds the masks.</summary>
    /// <param name="bgr">The working image.</param>
    /// <param name="opaque">The opaque part of the image, or null when it has no alpha.</param>
    /// <param name="classifier">The per-pixel classifier.</param>
    /// <param name="seedRegion">Where the person's skin surely is (the inner face), or null to use the whole image.</param>
    /// <param name="scale">Length in pixels of the reference size (face width) that sets hole and speckle sizes.</param>
    public static SkinMasks Build(Mat bgr, Mat? opaque, ISkinClassifier classifier, Rect? seedRegion, double scale)
    {
        using Mat labelled = Classify(bgr, classifier);
        if (opaque is not null)
        {
            Cv2.BitwiseAnd(labelled, opaque, labelled);
        }

        using var ycrcb = new Mat();
        Cv2.CvtColor(bgr, ycrcb, ColorConversionCodes.BGR2YCrCb);
        Mat colour = AdaptToPerson(ycrcb, labelled, seedRegion) ?? labelled.Clone();
        if (opaque is not null)
        {
            Cv2.BitwiseAnd(colour, opaque, colour);
        }

        RemoveSpeckles(colour, scale);
        Mat area = FillHoles(colour, ycrcb, scale);
        return new SkinMasks(colour, area);
    }

    private static Mat Classify(Mat bgr, ISkinClassifier classifier)
    {
        var mask = new Mat(bgr.Size(), MatType.CV_8UC1);
        int bgrRows = bgr.Rows;
        for (int y = 0; y < bgrRows; y++)
        {
            Span<byte> row = MatSpans.Row<byte>(mask, y);
            classifier.Classify(MatSpans.Row<byte>(bgr, y), row);
            for (int x = 0; x < row.Length; x++)
            {
                row[x] = row[x] >= 128 ? (byte)255 : (byte)0;
            }
        }

        return mask;
    }

    /// <summary>
    /// Fits a Gaussian to the CrCb values of the labelled pixels inside <paramref name="seedRegion"/> and returns
    /// the mask of all pixels within <see cref="MatchDistanceSquared"/> of it, or null when there are too few seeds.
    /// </summary>
    private static Mat? AdaptToPerson(Mat ycrcb, Mat labelled, Rect? seedRegion)
    {
        Rect seed = seedRegion ?? new Rect(0, 0, ycrcb.Cols, ycrcb.Rows);
        seed = seed.Intersect(new Rect(0, 0, ycrcb.Cols, ycrcb.Rows));
        double n = 0, sumCr = 0, sumCb = 0, sumCrCr = 0, sumCbCb = 0, sumCrCb = 0;
        for (int y = seed.Top; y < seed.Bottom; y++)
        {
            ReadOnlySpan<byte> pixels = MatSpans.Row<byte>(ycrcb, y);
            ReadOnlySpan<byte> labels = MatSpans.Row<byte>(labelled, y);
            for (int x = seed.Left; x < seed.Right; x++)
            {
                if (labels[x] == 0)
                {
                    continue;
                }

                double cr = pixels[(3 * x) + 1], cb = pixels[(3 * x) + 2];
                n++;
                sumCr += cr;
                sumCb += cb;
                sumCrCr += cr * cr;
                sumCbCb += cb * cb;
                sumCrCb += cr * cb;
            }
        }

        if (n < MinSeedPixels)
        {
            return null;
        }

        double meanCr = sumCr / n, meanCb = sumCb / n;

        // A floor of 2 on each variance keeps a near-uniform seed (a flat test colour) from giving a degenerate model.
        double varCr = Math.Max((sumCrCr / n) - (meanCr * meanCr), 2);
        double varCb = Math.Max((sumCbCb / n) - (meanCb * meanCb), 2);
        double cov = (sumCrCb / n) - (meanCr * meanCb);
        double det = (varCr * varCb) - (cov * cov);
        if (det <= 1e-6)
        {
            return null;
        }

        // The distance depends only on the byte pair (Cr, Cb), so it is judged once per pair, not once per pixel.
        double invCrCr = varCb / det, invCbCb = varCr / det, invCrCb = -cov / det;
        var matches = new bool[256 * 256];
        for (int cr = 0; cr < 256; cr++)
        {
            for (int cb = 0; cb < 256; cb++)
            {
                double dCr = cr - meanCr, dCb = cb - meanCb;
                double distance = (dCr * dCr * invCrCr) + (dCb * dCb * invCbCb) + (2 * dCr * dCb * invCrCb);
                matches[(cr * 256) + cb] = distance <= MatchDistanceSquared;
            }
        }

        var mask = new Mat(ycrcb.Size(), MatType.CV_8UC1);
        int ycrcbRows = ycrcb.Rows;
        for (int y = 0; y < ycrcbRows; y++)
        {
            ReadOnlySpan<byte> pixels = MatSpans.Row<byte>(ycrcb, y);
            Span<byte> target = MatSpans.Row<byte>(mask, y);
            for (int x = 0; x < target.Length; x++)
            {
                byte luma = pixels[3 * x];
                bool match = matches[(pixels[(3 * x) + 1] * 256) + pixels[(3 * x) + 2]];
                target[x] = luma >= 25 && match ? (byte)255 : (byte)0;
            }
        }

        return mask;
    }

    /// <summary>Opens the mask with a small disc and drops components under 0.5% of the image.</summary>
    private static void RemoveSpeckles(Mat mask, double scale)
    {
        int size = Math.Max(3, OddSize(scale * 0.008));
        using Mat disc = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(size, size));
        Cv2.MorphologyEx(mask, mask, MorphTypes.Open, disc);

        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(mask, labels, stats, centroids, PixelConnectivity.Connectivity8);
        int minArea = (int)(0.005 * mask.Rows * mask.Cols);
        var keep = new bool[count];
        ReadOnlySpan<int> stat = MatSpans.All<int>(stats);
        int columns = stats.Cols;
        for (int i = 1; i < count; i++)
        {
            keep[i] = stat[(i * columns) + (int)ConnectedComponentsTypes.Area] >= minArea;
        }

        int maskRows = mask.Rows;
        for (int y = 0; y < maskRows; y++)
        {
            ReadOnlySpan<int> label = MatSpans.Row<int>(labels, y);
            Span<byte> target = MatSpans.Row<byte>(mask, y);
            for (int x = 0; x < target.Length; x++)
            {
                target[x] = keep[label[x]] ? (byte)255 : (byte)0;
            }
        }
    }

    /// <summary>
    /// Returns the mask with its holes (non-skin components that do not touch the image border) filled in three cases.
    /// Small holes, at most (2.5% of the scale) squared, are filled. Holes up to (7% of the scale) squared are filled
    /// when not much darker than the skin, as acne lesions and red marks are. Holes brighter than the skin, as
    /// specular highlights are, are filled at any size. Large or dark holes (eyes, nostrils, brows, an open mouth)
    /// stay out.
    /// </summary>
    private static Mat FillHoles(Mat colour, Mat ycrcb, double scale)
    {
        var area = colour.Clone();
        using var inverse = new Mat();
        Cv2.BitwiseNot(colour, inverse);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(inverse, labels, stats, centroids, PixelConnectivity.Connectivity4);

        using var luma = new Mat();
        Cv2.ExtractChannel(ycrcb, luma, 0);
        double skinLuma = Cv2.CountNonZero(colour) > 0 ? Cv2.Mean(luma, colour).Val0 : 128;

        var sums = new double[count];
        int labelsRows = labels.Rows;
        for (int y = 0; y < labelsRows; y++)
        {
            ReadOnlySpan<int> label = MatSpans.Row<int>(labels, y);
            ReadOnlySpan<byte> value = MatSpans.Row<byte>(luma, y);
            for (int x = 0; x < label.Length; x++)
            {
                // Label 0 is the skin, whose sum is never read.
                int component = label[x];
                if (component != 0)
                {
                    sums[component] += value[x];
                }
            }
        }

        double smallHole = Math.Pow(0.025 * scale, 2);
        double lesionHole = Math.Pow(0.07 * scale, 2);
        var fill = new bool[count];
        ReadOnlySpan<int> stat = MatSpans.All<int>(stats);
        int columns = stats.Cols;
        for (int i = 1; i < count; i++)
        {
            ReadOnlySpan<int> row = stat.Slice(i * columns, columns);
            int left = row[(int)ConnectedComponentsTypes.Left];
            int top = row[(int)ConnectedComponentsTypes.Top];
            int width = row[(int)ConnectedComponentsTypes.Width];
            int height = row[(int)ConnectedComponentsTypes.Height];
            int pixels = row[(int)ConnectedComponentsTypes.Area];
            bool touchesBorder = left == 0 || top == 0 || left + width == area.Cols || top + height == area.Rows;
            double meanLuma = sums[i] / pixels;
            bool bright = meanLuma > skinLuma + 15;
            bool lesionLike = pixels <= lesionHole && meanLuma >= 0.7 * skinLuma;
            fill[i] = !touchesBorder && (pixels <= smallHole || lesionLike || bright);
        }

        int areaRows = area.Rows;
        for (int y = 0; y < areaRows; y++)
        {
            ReadOnlySpan<int> label = MatSpans.Row<int>(labels, y);
            Span<byte> target = MatSpans.Row<byte>(area, y);
            for (int x = 0; x < target.Length; x++)
            {
                if (fill[label[x]])
                {
                    target[x] = 255;
                }
            }
        }

        return area;
    }

    /// <summary>Returns the odd integer nearest to <paramref name="size"/>.</summary>
    internal static int OddSize(double size)
    {
        int rounded = (int)Math.Round(size);
        return rounded % 2 == 1 ? rounded : rounded + 1;
    }
}
