using OpenCvSharp;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Finds compact blobs in a candidate mask: connected components whose equivalent diameter lies in a range and whose
/// shape is roughly round (bounding-box aspect at most 2.5, filling at least 40% of the box). The shape test drops
/// hair strands, eyebrows, wrinkle lines and the shading along folds. Blobs under 3 pixels across are too small to
/// tell from noise and are never reported.
/// </summary>
internal static class BlobFinder
{
    private const double MaxAspect = 2.5;
    private const double MinFill = 0.4;
    private const double MinPixelsAcross = 3;

    /// <summary>Returns the blobs of <paramref name="candidates"/> with equivalent diameter in the given range.</summary>
    /// <param name="candidates">8-bit mask of candidate pixels.</param>
    /// <param name="contrast">CV_32F map whose mean over a blob is reported as its contrast.</param>
    /// <param name="minDiameter">Smallest equivalent diameter, in pixels.</param>
    /// <param name="maxDiameter">Largest equivalent diameter, in pixels.</param>
    public static List<Blob> Find(Mat candidates, Mat contrast, double minDiameter, double maxDiameter)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(candidates, labels, stats, centroids, PixelConnectivity.Connectivity8);

        var sums = new double[count];
        int labelsRows = labels.Rows;
        for (int y = 0; y < labelsRows; y++)
        {
            ReadOnlySpan<int> label = MatSpans.Row<int>(labels, y);
            ReadOnlySpan<float> value = MatSpans.Row<float>(contrast, y);
            for (int x = 0; x < label.Length; x++)
            {
                // Label 0 is the background, whose sum is never read. Skipping it also avoids a chain of dependent
                // additions to one element along each run of background pixels.
                int component = label[x];
                if (component != 0)
                {
                    sums[component] += value[x];
                }
            }
        }

        minDiameter = Math.Max(minDiameter, MinPixelsAcross);
        double minArea = Math.PI * minDiameter * minDiameter / 4;
        double maxArea = Math.PI * maxDiameter * maxDiameter / 4;
        var blobs = new List<Blob>();
        ReadOnlySpan<int> stat = MatSpans.All<int>(stats);
        ReadOnlySpan<double> centre = MatSpans.All<double>(centroids);
        int columns = stats.Cols;
        for (int i = 1; i < count; i++)
        {
            ReadOnlySpan<int> row = stat.Slice(i * columns, columns);
            int area = row[(int)ConnectedComponentsTypes.Area];
            int width = row[(int)ConnectedComponentsTypes.Width];
            int height = row[(int)ConnectedComponentsTypes.Height];
            double aspect = (double)Math.Max(width, height) / Math.Min(width, height);
            double fill = (double)area / (width * height);
            if (area < minArea || area > maxArea || aspect > MaxAspect || fill < MinFill)
            {
                continue;
            }

            blobs.Add(new Blob(
                centre[2 * i],
                centre[(2 * i) + 1],
                Math.Sqrt(area / Math.PI),
                area,
                sums[i] / area));
        }

        return blobs;
    }

    /// <summary>Returns the blobs whose centre lies inside <paramref name="mask"/>.</summary>
    public static List<Blob> Inside(IEnumerable<Blob> blobs, Mat mask) =>
        blobs.Where(b => mask.At<byte>((int)b.Y, (int)b.X) != 0).ToList();
}
