using OpenCvSharp;

namespace Skinsight.Vision.Imaging;

/// <summary>Statistics of a single-channel float image over the pixels where a mask is non-zero.</summary>
internal static class MaskedStats
{
    /// <summary>Returns the number of non-zero pixels of <paramref name="mask"/>.</summary>
    public static int Count(Mat mask) => Cv2.CountNonZero(mask);

    /// <summary>Returns the mean of <paramref name="values"/> (CV_32F) where <paramref name="mask"/> is set, or NaN.</summary>
    public static double Mean(Mat values, Mat mask) =>
        Count(mask) == 0 ? double.NaN : Cv2.Mean(values, mask).Val0;

    /// <summary>Returns the standard deviation of <paramref name="values"/> where <paramref name="mask"/> is set.</summary>
    public static double StdDev(Mat values, Mat mask)
    {
        if (Count(mask) < 2)
        {
            return double.NaN;
        }

        Cv2.MeanStdDev(values, out _, out Scalar std, mask);
        return std.Val0;
    }

    /// <summary>Most values sorted for a percentile; larger masks are sampled on a regular grid of pixels.</summary>
    public const int MaxSamples = 40_000;

    /// <summary>
    /// Returns the requested percentiles (0-100) of <paramref name="values"/> (CV_32F) where <paramref name="mask"/>
    /// is set; NaN for each when the mask is empty. Masks of more than <see cref="MaxSamples"/> pixels are sampled
    /// every n-th pixel of every n-th row, which moves a percentile of a smooth skin image by well under 0.1 units.
    /// </summary>
    public static double[] Percentiles(Mat values, Mat mask, params ReadOnlySpan<double> percents)
    {
        float[] selected = Gather(values, mask);
        var result = new double[percents.Length];
        if (selected.Length == 0)
        {
            Array.Fill(result, double.NaN);
            return result;
        }

        Array.Sort(selected);
        for (int i = 0; i < percents.Length; i++)
        {
            double rank = percents[i] / 100.0 * (selected.Length - 1);
            int lower = (int)Math.Floor(rank);
            int upper = Math.Min(lower + 1, selected.Length - 1);
            result[i] = selected[lower] + ((rank - lower) * (selected[upper] - selected[lower]));
        }

        return result;
    }

    /// <summary>Returns the median of <paramref name="values"/> where <paramref name="mask"/> is set.</summary>
    public static double Median(Mat values, Mat mask) => Percentiles(values, mask, 50)[0];

    private static float[] Gather(Mat values, Mat mask)
    {
        int count = Count(mask);
        int step = Math.Max(1, (int)Math.Floor(Math.Sqrt((double)count / MaxSamples)));
        var selected = new List<float>(Math.Min(count, MaxSamples * 2));
        int rows = values.Rows;
        for (int y = 0; y < rows; y += step)
        {
            ReadOnlySpan<float> row = MatSpans.Row<float>(values, y);
            ReadOnlySpan<byte> inside = MatSpans.Row<byte>(mask, y);
            for (int x = 0; x < row.Length; x += step)
            {
                if (inside[x] != 0)
                {
                    selected.Add(row[x]);
                }
            }
        }

        if (selected.Count == 0 && count > 0)
        {
            // The grid missed a tiny mask; take all of its pixels.
            for (int y = 0; y < rows; y++)
            {
                ReadOnlySpan<float> row = MatSpans.Row<float>(values, y);
                ReadOnlySpan<byte> inside = MatSpans.Row<byte>(mask, y);
                for (int x = 0; x < row.Length; x++)
                {
                    if (inside[x] != 0)
                    {
                        selected.Add(row[x]);
                    }
                }
            }
        }

        return selected.ToArray();
    }
}
