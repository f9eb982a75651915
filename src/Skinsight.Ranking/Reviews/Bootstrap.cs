namespace Skinsight.Ranking.Reviews;

/// <summary>A point estimate with its bootstrap 95% interval (2.5th and 97.5th percentiles).</summary>
public sealed record MetricInterval(double Value, double Lower, double Upper)
{
    /// <summary>True when the whole interval lies above zero.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;
}

/// <summary>Cluster bootstrap: whole clusters (authors, profile groups) are drawn with replacement.</summary>
public static class Bootstrap
{
    public const int DefaultResamples = 1000;

    /// <summary>
    /// Draws <paramref name="resamples"/> multisets of the <paramref name="clusterCount"/> clusters and returns, for
    /// each statistic, its value on the full data and the 2.5th and 97.5th percentiles over the draws. A statistic
    /// receives the number of times each cluster was drawn; draws where it is NaN are dropped.
    /// </summary>
    public static IReadOnlyList<MetricInterval> Intervals(
        int clusterCount, IReadOnlyList<Func<double[], double>> statistics, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clusterCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var random = new Random(seed);
        double[] ones = [.. Enumerable.Repeat(1.0, clusterCount)];
        var draws = statistics.Select(_ => new List<double>(resamples)).ToArray();
        var counts = new double[clusterCount];
        for (int r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (int i = 0; i < clusterCount; i++)
            {
                counts[random.Next(clusterCount)]++;
            }

            for (int s = 0; s < statistics.Count; s++)
            {
                double value = statistics[s](counts);
                if (!double.IsNaN(value))
                {
                    draws[s].Add(value);
                }
            }
        }

        return [.. statistics.Select((statistic, s) => new MetricInterval(
            statistic(ones), Percentile(draws[s], 0.025), Percentile(draws[s], 0.975)))];
    }

    /// <summary>Returns the linearly interpolated percentile <paramref name="p"/> (0 to 1); NaN for no values.</summary>
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. values.Order()];
        double position = p * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
