using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Wrinkles: thin dark lines, found with the Hessian of L* smoothed at 0.5% of the face width. A pixel is on a line
/// when the larger Hessian eigenvalue (curvature across a valley) times sigma squared exceeds <see cref="MinDepth"/>
/// L* and the smaller eigenvalue (curvature along it) is under half of it. Only line pieces at least
/// <see cref="MinLength"/> face widths long and elongated (bounding-box aspect 3 or more, or filling under 40% of
/// their box) count, which drops pores and spots; lines within 2.5% of the face width of the skin's edge are left
/// out, since the edges of the nose, jaw and hairline read as lines. The score maps the share of the measured skin
/// on lines. Hair strands across the skin and watermarks also read as lines.
/// </summary>
internal sealed class WrinklesMeasure : ISkinMeasure
{
    public const double MinDepth = 5;
    public const double MinLength = 0.06;

    private static readonly ScoreScale s_scale = new((0, 0), (2, 25), (6, 60), (12, 100));

    public string Name => MeasureNames.Wrinkles;

    public MeasureOutcome? Measure(MeasureContext context)
    {
        double sigma = Math.Max(1, 0.005 * context.Scale);
        using Mat depth = ValleyDepth(context.Lab.L, sigma);
        var lines = new Mat();
        Cv2.Compare(depth, new Scalar(MinDepth), lines, CmpTypes.GT);
        Cv2.BitwiseAnd(lines, context.Core, lines);
        KeepLongLines(lines, MinLength * context.Scale);

        double Share(Mat mask)
        {
            int pixels = Cv2.CountNonZero(mask);
            if (pixels == 0)
            {
                return 0;
            }

            using var inside = new Mat();
            Cv2.BitwiseAnd(mask, lines, inside);
            return 100.0 * Cv2.CountNonZero(inside) / pixels;
        }

        double share = Share(context.Inner);
        var details = new Dictionary<string, double>
        {
            ["linePercent"] = Math.Round(share, 2),
            ["sigmaPx"] = Math.Round(sigma, 2),
        };

        var result = new MeasureResult(
            Math.Round(s_scale[share], 1), null, context.ScoreRegions(m => s_scale[Share(m)]), details);
        return new MeasureOutcome(result, new MeasureOverlay { Marks = lines, MarkColour = (255, 80, 255) });
    }

    /// <summary>Returns sigma squared times the curvature across dark valleys, 0 elsewhere (CV_32F, L* units).</summary>
    private static Mat ValleyDepth(Mat lightness, double sigma)
    {
        using Mat smooth = Filters.Gaussian(lightness, sigma);
        using var xx = new Mat();
        using var yy = new Mat();
        using var xy = new Mat();
        Cv2.Sobel(smooth, xx, MatType.CV_32F, 2, 0, 3);
        Cv2.Sobel(smooth, yy, MatType.CV_32F, 0, 2, 3);
        Cv2.Sobel(smooth, xy, MatType.CV_32F, 1, 1, 3);

        var depth = new Mat(smooth.Size(), MatType.CV_32F, Scalar.All(0));
        float norm = (float)(sigma * sigma);
        int rows = depth.Rows;
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<float> rxx = MatSpans.Row<float>(xx, y);
            ReadOnlySpan<float> ryy = MatSpans.Row<float>(yy, y);
            ReadOnlySpan<float> rxy = MatSpans.Row<float>(xy, y);
            Span<float> target = MatSpans.Row<float>(depth, y);
            for (int x = 0; x < target.Length; x++)
            {
                float half = (rxx[x] + ryy[x]) / 2;
                float difference = (rxx[x] - ryy[x]) / 2;
                float root = MathF.Sqrt((difference * difference) + (rxy[x] * rxy[x]));
                float across = half + root, along = half - root;
                target[x] = across > 0 && MathF.Abs(along) < 0.5f * across ? across * norm : 0;
            }
        }

        return depth;
    }

    private static void KeepLongLines(Mat lines, double minLength)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(lines, labels, stats, centroids, PixelConnectivity.Connectivity8);
        var keep = new bool[count];
        ReadOnlySpan<int> stat = MatSpans.All<int>(stats);
        int columns = stats.Cols;
        for (int i = 1; i < count; i++)
        {
            ReadOnlySpan<int> row = stat.Slice(i * columns, columns);
            int width = row[(int)ConnectedComponentsTypes.Width];
            int height = row[(int)ConnectedComponentsTypes.Height];
            int area = row[(int)ConnectedComponentsTypes.Area];
            double length = Math.Max(width, height);
            bool elongated = length >= 3.0 * Math.Min(width, height) || area < 0.4 * width * height;
            keep[i] = length >= minLength && elongated;
        }

        int rows = lines.Rows;
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<int> label = MatSpans.Row<int>(labels, y);
            Span<byte> target = MatSpans.Row<byte>(lines, y);
            for (int x = 0; x < target.Length; x++)
            {
                target[x] = keep[label[x]] ? (byte)255 : (byte)0;
            }
        }
    }
}
