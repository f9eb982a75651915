using OpenCvSharp;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Lesions;

/// <summary>
/// Segments the one pigmented lesion of a dermoscopy close-up (a mole or spot filling a good part of the frame):
/// hair is found by a black-hat filter and inpainted, the dark vignette of the dermatoscope is left out, the blue
/// channel (or another, see <see cref="LesionSegmenterOptions.Channel"/>) is thresholded by Otsu's method, and the
/// component nearest the centre is kept, closed, hole-filled and grown slightly, because the reference masks include
/// the lesion's blurred rim.
/// </summary>
/// <remarks>
/// Stateless and safe for concurrent calls. It assumes one lesion darker than the skin around it, as in HAM10000;
/// on a photo with several spots it returns only the central one.
/// </remarks>
public static class LesionSegmenter
{
    /// <summary>Segments the lesion of an 8-bit BGR image.</summary>
    /// <returns>An 8-bit mask of the image's size: 255 on the lesion, 0 elsewhere; all 0 when none was found.</returns>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 3 channels.</exception>
    public static Mat Segment(Mat bgr, LesionSegmenterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (bgr.Empty() || bgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException("The image must be a non-empty 8-bit BGR matrix.", nameof(bgr));
        }

        options ??= new LesionSegmenterOptions();
        options.Validate();
        double side = Math.Min(bgr.Cols, bgr.Rows);

        using Mat clean = RemoveHair(bgr, options, side);
        if (options.Smoothing > 0)
        {
            double sigma = options.Smoothing * side;
            Cv2.GaussianBlur(clean, clean, new Size(0, 0), sigma, sigma, BorderTypes.Reflect);
        }

        using Mat frame = FindFrame(clean, options);
        using var valid = new Mat();
        Cv2.BitwiseNot(frame, valid);

        using Mat lesion = Threshold(clean, valid, options);
        Cv2.BitwiseAnd(lesion, valid, lesion);
        using (Mat open = Ellipse(0.02 * side))
        {
            Cv2.MorphologyEx(lesion, lesion, MorphTypes.Open, open);
        }

        using (Mat close = Ellipse(options.Closing * side))
        {
            Cv2.MorphologyEx(lesion, lesion, MorphTypes.Close, close, borderType: BorderTypes.Replicate);
        }

        Mat central = CentralComponent(lesion, frame);
        FillHoles(central);
        if (options.ConvexHull)
        {
            ToConvexHull(central);
        }

        if (options.GrabCut && Cv2.CountNonZero(central) > 0)
        {
            Refine(clean, central, frame, side);
        }

        if (options.Dilation > 0)
        {
            using Mat grow = Ellipse(2 * options.Dilation * side);
            Cv2.Dilate(central, central, grow);
            Cv2.BitwiseAnd(central, valid, central);
        }

        return central;
    }

    /// <summary>
    /// Keeps only the largest 8-connected component of an 8-bit mask and fills its holes, in place. Used to clean up
    /// the learned segmenter's thresholded output the way <see cref="Segment"/> cleans up its own.
    /// </summary>
    /// <exception cref="ArgumentException">The mask is not 8-bit with one channel.</exception>
    public static void KeepLargestComponent(Mat mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Type() != MatType.CV_8UC1)
        {
            throw new ArgumentException("The mask must be an 8-bit single-channel matrix.", nameof(mask));
        }

        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(mask, labels, stats, centroids, PixelConnectivity.Connectivity8);
        if (count <= 1)
        {
            return;
        }

        int largest = 1;
        for (int i = 2; i < count; i++)
        {
            if (stats.At<int>(i, (int)ConnectedComponentsTypes.Area) > stats.At<int>(largest, (int)ConnectedComponentsTypes.Area))
            {
                largest = i;
            }
        }

        Cv2.Compare(labels, new Scalar(largest), mask, CmpTypes.EQ);
        FillHoles(mask);
    }

    /// <summary>Returns a copy of the image with dark thin structures (hairs) found by a black-hat filter inpainted.</summary>
    private static Mat RemoveHair(Mat bgr, LesionSegmenterOptions options, double side)
    {
        var result = bgr.Clone();
        if (options.HairKernel <= 0)
        {
            return result;
        }

        using var grey = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        using Mat kernel = Ellipse(options.HairKernel * side);
        using var blackHat = new Mat();
        Cv2.MorphologyEx(grey, blackHat, MorphTypes.BlackHat, kernel);

        using var hair = new Mat();
        Cv2.Threshold(blackHat, hair, options.HairThreshold, 255, ThresholdTypes.Binary);
        using (Mat grow = Ellipse(3))
        {
            Cv2.Dilate(hair, hair, grow);
        }

        if (Cv2.CountNonZero(hair) > 0)
        {
            Cv2.Inpaint(bgr, hair, result, Math.Max(2, 0.02 * side), InpaintTypes.Telea);
        }

        return result;
    }

    /// <summary>Returns the dark vignette: pixels much darker than the median that are connected to the border.</summary>
    private static Mat FindFrame(Mat bgr, LesionSegmenterOptions options)
    {
        using var grey = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        double median = Median(grey);
        using var dark = new Mat();
        Cv2.Threshold(grey, dark, options.FrameDarkness * median, 255, ThresholdTypes.BinaryInv);
        return BorderConnected(dark);
    }

    /// <summary>
    /// Thresholds the chosen channel by Otsu's method over the pixels inside <paramref name="valid"/>. With
    /// <see cref="LesionSegmenterOptions.Channel"/> -1 it takes whichever of blue, green, red and CIELAB L* has the
    /// largest between-class share of its variance. On DermaMNIST train rows that choice scored lower than blue alone.
    /// </summary>
    private static Mat Threshold(Mat bgr, Mat valid, LesionSegmenterOptions options)
    {
        using var lab = new Mat();
        Cv2.CvtColor(bgr, lab, ColorConversionCodes.BGR2Lab);
        Cv2.Split(bgr, out Mat[] colour);
        Mat lightness = lab.ExtractChannel(0);
        Mat[] all = [colour[0], colour[1], colour[2], lightness];
        Mat[] channels = options.Channel < 0 ? all : [all[options.Channel]];
        try
        {
            Mat best = channels[0];
            double bestShare = -1, bestThreshold = 0;
            foreach (Mat channel in channels)
            {
                var (threshold, share) = Otsu(channel, valid);
                if (share > bestShare)
                {
                    (best, bestShare, bestThreshold) = (channel, share, threshold);
                }
            }

            var lesion = new Mat();
            Cv2.Threshold(best, lesion, bestThreshold + options.ThresholdShift, 255, ThresholdTypes.BinaryInv);
            return lesion;
        }
        finally
        {
            foreach (Mat channel in all)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>
    /// Returns Otsu's threshold of the 8-bit <paramref name="channel"/> over the pixels inside <paramref name="mask"/>,
    /// and the share of the variance between the two classes (0-1), which says how well the threshold separates them.
    /// </summary>
    internal static (double Threshold, double Share) Otsu(Mat channel, Mat mask)
    {
        var histogram = new double[256];
        int rows = channel.Rows;
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<byte> values = MatSpans.Row<byte>(channel, y);
            ReadOnlySpan<byte> inside = MatSpans.Row<byte>(mask, y);
            for (int x = 0; x < values.Length; x++)
            {
                if (inside[x] != 0)
                {
                    histogram[values[x]]++;
                }
            }
        }

        double total = histogram.Sum();
        if (total == 0)
        {
            return (0, 0);
        }

        double sum = 0, sumSquares = 0;
        for (int i = 0; i < 256; i++)
        {
            sum += i * histogram[i];
            sumSquares += i * (double)i * histogram[i];
        }

        double mean = sum / total;
        double variance = (sumSquares / total) - (mean * mean);
        double weightBelow = 0, sumBelow = 0, bestBetween = 0;
        int best = 0;
        for (int t = 0; t < 255; t++)
        {
            weightBelow += histogram[t];
            sumBelow += t * histogram[t];
            double weightAbove = total - weightBelow;
            if (weightBelow == 0 || weightAbove == 0)
            {
                continue;
            }

            double meanBelow = sumBelow / weightBelow;
            double meanAbove = (sum - sumBelow) / weightAbove;
            double between = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove) / (total * total);
            if (between > bestBetween)
            {
                (bestBetween, best) = (between, t);
            }
        }

        return (best, variance > 0 ? bestBetween / variance : 0);
    }

    /// <summary>
    /// Keeps the component that is largest after weighting by closeness to the centre; components that touch the
    /// image border or the vignette count half, since a lesion is centred in the frame and shadows sit at the edges.
    /// </summary>
    private static Mat CentralComponent(Mat lesion, Mat frame)
    {
        var result = new Mat(lesion.Size(), MatType.CV_8UC1, Scalar.All(0));
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(lesion, labels, stats, centroids, PixelConnectivity.Connectivity8);
        if (count <= 1)
        {
            return result;
        }

        using var nearFrame = new Mat();
        using (Mat grow = Ellipse(5))
        {
            Cv2.Dilate(frame, nearFrame, grow);
        }

        double cx = lesion.Cols / 2.0, cy = lesion.Rows / 2.0;
        double radius = Math.Sqrt((cx * cx) + (cy * cy));
        int bestLabel = 0;
        double bestScore = 0;
        for (int i = 1; i < count; i++)
        {
            int area = stats.At<int>(i, (int)ConnectedComponentsTypes.Area);
            int left = stats.At<int>(i, (int)ConnectedComponentsTypes.Left);
            int top = stats.At<int>(i, (int)ConnectedComponentsTypes.Top);
            int width = stats.At<int>(i, (int)ConnectedComponentsTypes.Width);
            int height = stats.At<int>(i, (int)ConnectedComponentsTypes.Height);
            double dx = (centroids.At<double>(i, 0) - cx) / radius;
            double dy = (centroids.At<double>(i, 1) - cy) / radius;
            double score = area * Math.Exp(-((dx * dx) + (dy * dy)) / (2 * 0.25 * 0.25));
            bool atBorder = left == 0 || top == 0 || left + width == lesion.Cols || top + height == lesion.Rows;
            if (atBorder || Touches(labels, i, nearFrame, left, top, width, height))
            {
                score /= 2;
            }

            if (score > bestScore)
            {
                (bestScore, bestLabel) = (score, i);
            }
        }

        Cv2.Compare(labels, new Scalar(bestLabel), result, CmpTypes.EQ);
        return result;
    }

    private static bool Touches(Mat labels, int label, Mat region, int left, int top, int width, int height)
    {
        for (int y = top; y < top + height; y++)
        {
            ReadOnlySpan<int> row = MatSpans.Row<int>(labels, y);
            ReadOnlySpan<byte> inside = MatSpans.Row<byte>(region, y);
            for (int x = left; x < left + width; x++)
            {
                if (row[x] == label && inside[x] != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Fills every hole of the mask: background not connected to the image border.</summary>
    private static void FillHoles(Mat mask)
    {
        using var background = new Mat();
        Cv2.BitwiseNot(mask, background);
        using Mat outside = BorderConnected(background);
        using var holes = new Mat();
        Cv2.BitwiseXor(background, outside, holes);
        Cv2.BitwiseOr(mask, holes, mask);
    }

    private static void ToConvexHull(Mat mask)
    {
        Cv2.FindContours(mask, out Point[][] contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        if (contours.Length == 0)
        {
            return;
        }

        Point[] hull = Cv2.ConvexHull(contours.SelectMany(c => c));
        Cv2.FillConvexPoly(mask, hull, Scalar.All(255));
    }

    /// <summary>
    /// Refines the lesion with GrabCut, which fits colour models to the lesion and the skin: the eroded lesion is
    /// taken as sure lesion, the vignette and a band far outside the lesion as sure skin, and the rest as probable.
    /// </summary>
    private static void Refine(Mat bgr, Mat lesion, Mat frame, double side)
    {
        using var labels = new Mat(lesion.Size(), MatType.CV_8UC1, Scalar.All((int)GrabCutClasses.PR_BGD));
        labels.SetTo(Scalar.All((int)GrabCutClasses.PR_FGD), lesion);
        using (var inner = new Mat())
        using (Mat shrink = Ellipse(0.1 * side))
        {
            Cv2.Erode(lesion, inner, shrink);
            labels.SetTo(Scalar.All((int)GrabCutClasses.FGD), inner);
        }

        using (var outer = new Mat())
        using (Mat grow = Ellipse(0.2 * side))
        {
            Cv2.Dilate(lesion, outer, grow);
            Cv2.BitwiseNot(outer, outer);
            Cv2.BitwiseOr(outer, frame, outer);
            labels.SetTo(Scalar.All((int)GrabCutClasses.BGD), outer);
        }

        using var background = new Mat();
        using var foreground = new Mat();
        Cv2.GrabCut(bgr, labels, default, background, foreground, 3, GrabCutModes.InitWithMask);

        // Keep sure and probable lesion (labels 1 and 3, odd), then the central component of it again.
        using var refined = new Mat();
        Cv2.BitwiseAnd(labels, new Scalar(1), refined);
        Cv2.Compare(refined, new Scalar(1), refined, CmpTypes.EQ);
        using Mat central = CentralComponent(refined, frame);
        if (Cv2.CountNonZero(central) > 0)
        {
            central.CopyTo(lesion);
            FillHoles(lesion);
        }
    }

    /// <summary>Returns the pixels of <paramref name="mask"/> that are connected to the image border.</summary>
    private static Mat BorderConnected(Mat mask)
    {
        using var labels = new Mat();
        int count = Cv2.ConnectedComponents(mask, labels, PixelConnectivity.Connectivity8);
        var atBorder = new bool[count];
        int rows = labels.Rows, cols = labels.Cols;
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<int> row = MatSpans.Row<int>(labels, y);
            if (y == 0 || y == rows - 1)
            {
                foreach (int label in row)
                {
                    atBorder[label] = true;
                }
            }
            else
            {
                atBorder[row[0]] = true;
                atBorder[row[cols - 1]] = true;
            }
        }

        var result = new Mat(mask.Size(), MatType.CV_8UC1, Scalar.All(0));
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<int> row = MatSpans.Row<int>(labels, y);
            ReadOnlySpan<byte> source = MatSpans.Row<byte>(mask, y);
            Span<byte> target = MatSpans.Row<byte>(result, y);
            for (int x = 0; x < cols; x++)
            {
                if (source[x] != 0 && atBorder[row[x]])
                {
                    target[x] = 255;
                }
            }
        }

        return result;
    }

    private static double Median(Mat grey)
    {
        var histogram = new int[256];
        int rows = grey.Rows;
        for (int y = 0; y < rows; y++)
        {
            foreach (byte value in MatSpans.Row<byte>(grey, y))
            {
                histogram[value]++;
            }
        }

        long half = grey.Total() / 2, seen = 0;
        for (int i = 0; i < 256; i++)
        {
            seen += histogram[i];
            if (seen > half)
            {
                return i;
            }
        }

        return 255;
    }

    /// <summary>Returns an elliptic structuring element about <paramref name="size"/> pixels across (odd, at least 3).</summary>
    private static Mat Ellipse(double size)
    {
        int odd = Math.Max(3, ((int)Math.Round(size) / 2 * 2) + 1);
        return Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(odd, odd));
    }
}
