using MathNet.Numerics.Distributions;

namespace Skinsight.Tracking.Trends;

/// <summary>A Theil-Sen line: value = Intercept + Slope × days since the first point.</summary>
/// <param name="Slope">Median of the pairwise slopes, in value units per day.</param>
/// <param name="Intercept">Median of value − Slope × days, i.e. the line's value at the first point.</param>
/// <param name="SlopeLower">Lower end of Sen's confidence interval for the slope.</param>
/// <param name="SlopeUpper">Upper end of Sen's confidence interval for the slope.</param>
/// <param name="ConfidenceLevel">Level of the interval, e.g. 0.95.</param>
public sealed record TheilSenFit(
    double Slope,
    double Intercept,
    double SlopeLower,
    double SlopeUpper,
    double ConfidenceLevel)
{
    public double Predict(double days) => Intercept + Slope * days;
}

/// <summary>The Theil-Sen estimator of a line's slope and Sen's distribution-free interval for it.</summary>
public static class TheilSen
{
    /// <summary>Fits a line to <paramref name="values"/> observed at <paramref name="days"/>.</summary>
    /// <param name="days">Times in days; pairs at the same time give no slope.</param>
    /// <param name="varianceOfS">The Mann-Kendall variance of S for these values, which sets the interval's ranks.</param>
    /// <remarks>
    /// With N pairwise slopes sorted and C = z(1 − α/2) × √Var(S), the interval runs from the slope of rank
    /// (N − C) / 2 to the slope of rank (N + C) / 2 + 1 (ranks from 1). Fractional ranks are interpolated
    /// linearly between neighbours and ranks outside 1..N are clamped, so short series get the full slope range.
    /// </remarks>
    /// <exception cref="ArgumentException">The lists differ in length or all times are equal.</exception>
    public static TheilSenFit Fit(
        IReadOnlyList<double> days,
        IReadOnlyList<double> values,
        double varianceOfS,
        double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(values);
        if (days.Count != values.Count)
        {
            throw new ArgumentException($"Got {days.Count} times but {values.Count} values.", nameof(values));
        }

        var slopes = PairwiseSlopes(days, values);
        if (slopes.Length == 0)
        {
            throw new ArgumentException("A line needs at least two different times.", nameof(days));
        }

        Array.Sort(slopes);
        var slope = RobustStatistics.MedianOfSorted(slopes);
        var intercept = RobustStatistics.Median(days.Select((t, i) => values[i] - slope * t));

        var z = Normal.InvCDF(0, 1, 1 - (1 - confidenceLevel) / 2);
        var c = z * Math.Sqrt(varianceOfS);
        var lower = AtRank(slopes, (slopes.Length - c) / 2);
        var upper = AtRank(slopes, (slopes.Length + c) / 2 + 1);
        return new TheilSenFit(slope, intercept, lower, upper, confidenceLevel);
    }

    private static double[] PairwiseSlopes(IReadOnlyList<double> days, IReadOnlyList<double> values)
    {
        var slopes = new List<double>(days.Count * (days.Count - 1) / 2);
        for (var i = 0; i < days.Count - 1; i++)
        {
            for (var j = i + 1; j < days.Count; j++)
            {
                var dt = days[j] - days[i];
                if (dt != 0)
                {
                    slopes.Add((values[j] - values[i]) / dt);
                }
            }
        }

        return [.. slopes];
    }

    /// <summary>Returns the value at a 1-based, possibly fractional rank of a sorted array, clamped to its ends.</summary>
    private static double AtRank(double[] sorted, double rank)
    {
        var r = Math.Clamp(rank, 1, sorted.Length);
        var below = (int)Math.Floor(r);
        if (below >= sorted.Length)
        {
            return sorted[^1];
        }

        var fraction = r - below;
        return sorted[below - 1] + fraction * (sorted[below] - sorted[below - 1]);
    }
}
