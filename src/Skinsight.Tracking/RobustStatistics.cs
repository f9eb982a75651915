namespace Skinsight.Tracking;

/// <summary>Medians and the median absolute deviation, shared by the trend and change-point code.</summary>
internal static class RobustStatistics
{
    /// <summary>Scales a MAD to estimate the standard deviation of normal data (1 / Φ⁻¹(0.75)).</summary>
    public const double MadToSigma = 1.482602218505602;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return MedianOfSorted(sorted);
    }

    public static double MedianOfSorted(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Returns the median absolute deviation from the median, scaled to a normal standard deviation.</summary>
    public static double ScaledMad(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return MadToSigma * Median(values.Select(v => Math.Abs(v - median)));
    }
}
