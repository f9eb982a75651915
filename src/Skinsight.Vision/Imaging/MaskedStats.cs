using System.Buffers;
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

    /// <summary>Most values gathered for a percentile; larger masks are sampled on a regular grid of pixels.</summary>
    public const int MaxSamples = 40_000;

    /// <summary>
    /// Returns the requested percentiles (0-100) of <paramref name="values"/> (CV_32F) where <paramref name="mask"/>
    /// is set, by linear interpolation between the two nearest ranks; NaN for each when the mask is empty. NaN values
    /// rank below all others. Masks of more than <see cref="MaxSamples"/> pixels are sampled every n-th pixel of every
    /// n-th row, which moves a percentile of a smooth skin image by well under 0.1 units.
    /// </summary>
    public static double[] Percentiles(Mat values, Mat mask, params ReadOnlySpan<double> percents)
    {
        var result = new double[percents.Length];
        int count = Count(mask);
        if (count == 0)
        {
            Array.Fill(result, double.NaN);
            return result;
        }

        int step = Math.Max(1, (int)Math.Floor(Math.Sqrt((double)count / MaxSamples)));
        int capacity = ((values.Rows + step - 1) / step) * ((values.Cols + step - 1) / step);
        float[] buffer = ArrayPool<float>.Shared.Rent(Math.Max(capacity, step == 1 ? 0 : count));
        try
        {
            var (sampled, nans) = Gather(values, mask, step, buffer);
            if (sampled + nans == 0)
            {
                // The grid missed a tiny mask; take all of its pixels.
                (sampled, nans) = Gather(values, mask, 1, buffer);
            }

            OrderStatistics.Percentiles(buffer.AsSpan(0, sampled), nans, percents, result);
            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Returns the median of <paramref name="values"/> where <paramref name="mask"/> is set.</summary>
    public static double Median(Mat values, Mat mask) => Percentiles(values, mask, 50)[0];

    /// <summary>
    /// Copies the values under the mask on every <paramref name="step"/>-th pixel of every <paramref name="step"/>-th
    /// row into <paramref name="target"/>, except NaN values, which are only counted.
    /// </summary>
    private static (int Sampled, int NaNs) Gather(Mat values, Mat mask, int step, float[] target)
    {
        int sampled = 0, nans = 0;
        int rows = values.Rows;
        for (int y = 0; y < rows; y += step)
        {
            ReadOnlySpan<float> row = MatSpans.Row<float>(values, y);
            ReadOnlySpan<byte> inside = MatSpans.Row<byte>(mask, y);
            for (int x = 0; x < row.Length; x += step)
            {
                if (inside[x] == 0)
                {
                    if (step == 1)
                    {
                        // A vectorised search jumps over the run of unmasked pixels, since region masks are mostly empty.
                        int next = inside[x..].IndexOfAnyExcept((byte)0);
                        if (next < 0)
                        {
                            break;
                        }

                        x += next - 1;
                    }

                    continue;
                }

                float value = row[x];
                if (float.IsNaN(value))
                {
                    nans++;
                }
                else
                {
                    target[sampled++] = value;
                }
            }
        }

        return (sampled, nans);
    }
}
