using OpenCvSharp;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Tests;

/// <summary>
/// Checks the selection-based percentiles against a plain reference: gather the masked values on the same grid, sort
/// them and interpolate between the two nearest ranks.
/// </summary>
public sealed class MaskedStatsTests
{
    private static readonly double[] s_percents = [0, 5, 25, 30, 50, 75, 90, 95, 99, 100];

    public static TheoryData<int, int, double, int> Cases => new()
    {
        // size, seed, share of pixels masked, distinct values (0 = continuous)
        { 64, 1, 0.5, 0 },
        { 64, 2, 0.02, 0 },
        { 300, 3, 0.9, 0 },
        { 300, 4, 0.6, 7 },
        { 500, 5, 0.3, 0 },
        { 500, 6, 1.0, 3 },
        { 40, 7, 0.001, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Percentiles_RandomData_MatchSortedReference(int size, int seed, double share, int distinct)
    {
        using Mat values = RandomValues(size, seed, distinct);
        using Mat mask = RandomMask(size, seed + 100, share);

        double[] actual = MaskedStats.Percentiles(values, mask, s_percents);

        double[] expected = ReferencePercentiles(values, mask, s_percents);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Percentiles_WithNaNValues_RankNaNLowest()
    {
        using Mat values = RandomValues(100, 11, 0);
        using Mat mask = RandomMask(100, 12, 0.5);
        for (int i = 0; i < 100; i += 3)
        {
            values.Set(i, i, float.NaN);
            mask.Set(i, i, (byte)255);
        }

        double[] actual = MaskedStats.Percentiles(values, mask, s_percents);

        double[] expected = ReferencePercentiles(values, mask, s_percents);
        Assert.True(double.IsNaN(actual[0]));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Percentiles_MaskMissedByGrid_UsesAllPixels()
    {
        // Every 6th row from row 1 is masked: 167,000 pixels, so the grid takes every 2nd pixel of every 2nd row
        // from row 0 and misses them all.
        using Mat values = RandomValues(1000, 31, 0);
        using var mask = new Mat(1000, 1000, MatType.CV_8UC1, Scalar.All(0));
        for (int y = 1; y < 1000; y += 6)
        {
            mask.Rectangle(new Rect(0, y, 1000, 1), Scalar.All(255), -1);
        }

        double[] actual = MaskedStats.Percentiles(values, mask, s_percents);

        double[] expected = ReferencePercentiles(values, mask, s_percents);
        Assert.False(double.IsNaN(actual[0]));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Percentiles_EmptyMask_ReturnNaN()
    {
        using Mat values = RandomValues(32, 21, 0);
        using var mask = new Mat(32, 32, MatType.CV_8UC1, Scalar.All(0));

        double[] actual = MaskedStats.Percentiles(values, mask, 10, 90);

        Assert.All(actual, v => Assert.True(double.IsNaN(v)));
    }

    private static Mat RandomValues(int size, int seed, int distinct)
    {
        var random = new Random(seed);
        var values = new Mat(size, size, MatType.CV_32FC1);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                float value = distinct > 0 ? random.Next(distinct) : (float)((random.NextDouble() * 200) - 100);
                values.Set(y, x, value);
            }
        }

        return values;
    }

    private static Mat RandomMask(int size, int seed, double share)
    {
        var random = new Random(seed);
        var mask = new Mat(size, size, MatType.CV_8UC1);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                mask.Set(y, x, random.NextDouble() < share ? (byte)255 : (byte)0);
            }
        }

        return mask;
    }

    /// <summary>The sort-based implementation that the selection replaced.</summary>
    private static double[] ReferencePercentiles(Mat values, Mat mask, double[] percents)
    {
        int count = Cv2.CountNonZero(mask);
        int step = Math.Max(1, (int)Math.Floor(Math.Sqrt((double)count / MaskedStats.MaxSamples)));
        List<float> selected = Gather(values, mask, step);
        if (selected.Count == 0)
        {
            selected = Gather(values, mask, 1);
        }

        float[] sorted = [.. selected];
        Array.Sort(sorted);
        var result = new double[percents.Length];
        for (int i = 0; i < percents.Length; i++)
        {
            double rank = percents[i] / 100.0 * (sorted.Length - 1);
            int lower = (int)Math.Floor(rank);
            int upper = Math.Min(lower + 1, sorted.Length - 1);
            result[i] = sorted[lower] + ((rank - lower) * (sorted[upper] - sorted[lower]));
        }

        return result;
    }

    private static List<float> Gather(Mat values, Mat mask, int step)
    {
        var selected = new List<float>();
        int rows = values.Rows, cols = values.Cols;
        for (int y = 0; y < rows; y += step)
        {
            for (int x = 0; x < cols; x += step)
            {
                if (mask.At<byte>(y, x) != 0)
                {
                    selected.Add(values.At<float>(y, x));
                }
            }
        }

        return selected;
    }
}
