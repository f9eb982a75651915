namespace Skinsight.Vision.Imaging;

/// <summary>
/// Percentiles by selection instead of a full sort: each percentile needs only the two order statistics around its
/// rank, and selecting them (Hoare's quickselect) takes linear time where sorting takes n log n.
/// </summary>
internal static class OrderStatistics
{
    /// <summary>Partition rounds after which a selection sorts its remaining range instead (bad pivots).</summary>
    private const int MaxRounds = 64;

    /// <summary>
    /// Writes the requested percentiles (0-100) of a sample into <paramref name="result"/>, interpolating linearly
    /// between the two nearest ranks, the same values as sorting the sample and interpolating.
    /// </summary>
    /// <param name="values">The sample's values other than NaN; reordered in place.</param>
    /// <param name="nans">How many NaN values the sample also has; they rank below all others, as in a sort.</param>
    /// <param name="percents">The percentiles, each from 0 to 100.</param>
    /// <param name="result">One value per percentile.</param>
    public static void Percentiles(Span<float> values, int nans, ReadOnlySpan<double> percents, Span<double> result)
    {
        int n = values.Length + nans;
        Span<int> ranks = percents.Length <= 16 ? stackalloc int[2 * percents.Length] : new int[2 * percents.Length];
        for (int i = 0; i < percents.Length; i++)
        {
            double rank = percents[i] / 100.0 * (n - 1);
            int lower = (int)Math.Floor(rank);
            ranks[2 * i] = lower;
            ranks[(2 * i) + 1] = Math.Min(lower + 1, n - 1);
        }

        SelectRanks(values, nans, ranks);
        for (int i = 0; i < percents.Length; i++)
        {
            double rank = percents[i] / 100.0 * (n - 1);
            int lower = ranks[2 * i];
            float lowerValue = ValueAt(values, nans, lower);
            float upperValue = ValueAt(values, nans, ranks[(2 * i) + 1]);

            // The difference stays in float, as it is between two elements of a sorted float array.
            result[i] = lowerValue + ((rank - lower) * (upperValue - lowerValue));
        }
    }

    private static float ValueAt(Span<float> values, int nans, int rank) =>
        rank < nans ? float.NaN : values[rank - nans];

    /// <summary>Selects each rank in turn; a later rank is searched for only above the one before it.</summary>
    private static void SelectRanks(Span<float> values, int nans, ReadOnlySpan<int> ranks)
    {
        Span<int> order = ranks.Length <= 32 ? stackalloc int[ranks.Length] : new int[ranks.Length];
        ranks.CopyTo(order);
        order.Sort();
        int from = 0;
        foreach (int rank in order)
        {
            int index = rank - nans;
            if (index < from)
            {
                // A NaN rank, or one selected already.
                continue;
            }

            Select(values, from, index);
            from = index + 1;
        }
    }

    /// <summary>Quickselect on <c>values[left..]</c> with a median-of-three pivot and Hoare partitioning.</summary>
    private static void Select(Span<float> values, int left, int k)
    {
        int right = values.Length - 1;
        for (int round = 0; right > left; round++)
        {
            if (round == MaxRounds)
            {
                values[left..(right + 1)].Sort();
                return;
            }

            float pivot = MedianOfThree(values[left], values[left + ((right - left) / 2)], values[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now values[left..j] <= pivot <= values[i..right], and anything between i and j equals the pivot.
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return;
            }
        }
    }

    private static float MedianOfThree(float a, float b, float c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
