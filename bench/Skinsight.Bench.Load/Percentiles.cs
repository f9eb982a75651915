namespace Skinsight.Bench.Load;

/// <summary>Percentiles by the nearest-rank method: the smallest value with at least p of all values at or below it.</summary>
internal static class Percentiles
{
    /// <summary>Returns the nearest-rank percentile <paramref name="p"/> (0 to 1) of values sorted ascending, or NaN when there are none.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside 0 to 1.</exception>
    public static double NearestRank(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A percentile is between 0 and 1.");
        }

        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Returns the nearest-rank median of <paramref name="values"/> in any order, or NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return NearestRank(sorted, 0.5);
    }
}
