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

/// <summary>How much each pair of points counts towards the Theil-Sen slope.</summary>
public enum PairWeighting
{
    /// <summary>Every pair counts once: the classic estimator.</summary>
    Equal,

    /// <summary>
    /// A pair counts in proportion to the time between its points. A burst of check-ins on one day then cannot
    /// outvote the pairs that span weeks, because its pairwise slopes, large and noisy, carry little weight.
    /// </summary>
    TimeGap,
}

/// <summary>The Theil-Sen estimator of a line's slope and Sen's distribution-free interval for it.</summary>
public static class TheilSen
{
    /// <summary>Fits a line to <paramref name="values"/> observed at <paramref name="days"/>.</summary>
    /// <param name="days">Times in days; pairs at the same time give no slope.</param>
    /// <param name="varianceOfS">The Mann-Kendall variance of S for these values, which sets the interval's ranks.</param>
    /// <param name="weighting">How much each pair counts; see <see cref="PairWeighting"/>.</param>
    /// <remarks>
    /// <para>
    /// With N pairwise slopes sorted and C = z(1 − α/2) × √Var(S), the interval runs from the slope of rank
    /// (N − C) / 2 to the slope of rank (N + C) / 2 + 1 (ranks from 1), and the slope is the one of rank (N + 1) / 2.
    /// Fractional ranks are interpolated linearly between neighbours and ranks outside 1..N are clamped, so short
    /// series get the full slope range.
    /// </para>
    /// <para>
    /// With weights, the ranks 1..N are shared out in proportion to the weights: each sorted slope is placed at the
    /// middle of its share, and a rank between two such places is interpolated. Equal weights give the classic
    /// ranks back exactly.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The lists differ in length or all times are equal.</exception>
    public static TheilSenFit Fit(
        IReadOnlyList<double> days,
        IReadOnlyList<double> values,
        double varianceOfS,
        double confidenceLevel = 0.95,
        PairWeighting weighting = PairWeighting.Equal)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(values);
        if (days.Count != values.Count)
        {
            throw new ArgumentException($"Got {days.Count} times but {values.Count} values.", nameof(values));
        }

        var (slopes, weights) = PairwiseSlopes(days, values, weighting);
        if (slopes.Length == 0)
        {
            throw new ArgumentException("A line needs at least two different times.", nameof(days));
        }

        Array.Sort(slopes, weights);
        var places = RankPlaces(weights);
        var n = slopes.Length;
        var slope = AtRank(slopes, places, (n + 1) / 2.0);
        var intercept = RobustStatistics.Median(days.Select((t, i) => values[i] - slope * t));

        var z = Normal.InvCDF(0, 1, 1 - (1 - confidenceLevel) / 2);
        var c = z * Math.Sqrt(varianceOfS);
        var lower = AtRank(slopes, places, (n - c) / 2);
        var upper = AtRank(slopes, places, (n + c) / 2 + 1);
        return new TheilSenFit(slope, intercept, lower, upper, confidenceLevel);
    }

    private static (double[] Slopes, double[] Weights) PairwiseSlopes(
        IReadOnlyList<double> days,
        IReadOnlyList<double> values,
        PairWeighting weighting)
    {
        var capacity = days.Count * (days.Count - 1) / 2;
        var slopes = new List<double>(capacity);
        var weights = new List<double>(capacity);
        for (var i = 0; i < days.Count - 1; i++)
        {
            for (var j = i + 1; j < days.Count; j++)
            {
                var dt = days[j] - days[i];
                if (dt != 0)
                {
                    slopes.Add((values[j] - values[i]) / dt);
                    weights.Add(weighting == PairWeighting.TimeGap ? Math.Abs(dt) : 1);
                }
            }
        }

        return ([.. slopes], [.. weights]);
    }

    /// <summary>Places each sorted slope at the middle of its weight's share of the ranks 1..N.</summary>
    private static double[] RankPlaces(double[] weights)
    {
        var total = weights.Sum();
        var n = weights.Length;
        var places = new double[n];
        var before = 0.0;
        for (var i = 0; i < n; i++)
        {
            places[i] = 0.5 + n * (before + weights[i] / 2) / total;
            before += weights[i];
        }

        return places;
    }

    /// <summary>
    /// Returns the value at a possibly fractional rank, interpolating between the places of the sorted values and
    /// clamping to the ends.
    /// </summary>
    private static double AtRank(double[] sorted, double[] places, double rank)
    {
        if (rank <= places[0])
        {
            return sorted[0];
        }

        if (rank >= places[^1])
        {
            return sorted[^1];
        }

        var above = Array.BinarySearch(places, rank);
        if (above >= 0)
        {
            return sorted[above];
        }

        above = ~above;
        var below = above - 1;
        var fraction = (rank - places[below]) / (places[above] - places[below]);
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
