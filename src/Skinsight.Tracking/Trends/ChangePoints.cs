namespace Skinsight.Tracking.Trends;

/// <summary>A shift in the mean of a series.</summary>
/// <param name="Index">Index of the first point after the shift, in the series that was searched.</param>
/// <param name="Time">Time of that point.</param>
/// <param name="MeanBefore">Mean of the segment that ends at the shift.</param>
/// <param name="MeanAfter">Mean of the segment that starts at the shift.</param>
public sealed record ChangePoint(int Index, DateTimeOffset Time, double MeanBefore, double MeanAfter)
{
    public double Shift => MeanAfter - MeanBefore;
}

/// <summary>Detects shifts in the mean of a series by binary segmentation with a BIC-style penalty.</summary>
/// <remarks>
/// The cost of a segment is its sum of squared deviations from its mean. A segment is split at the point that
/// lowers the cost most, as long as the drop exceeds penalty × σ² × ln n, and both halves are searched again.
/// σ is estimated from the first differences (scaled MAD / √2), which a few steps or a slow trend barely move.
/// A steady trend still shows up as one or more steps, so read change points together with the trend.
/// </remarks>
public static class ChangePointDetector
{
    /// <summary>Finds mean shifts in <paramref name="values"/>, given in time order with their times.</summary>
    /// <param name="noiseFloor">Lower bound for σ, so shifts within measurement noise are not reported.</param>
    public static IReadOnlyList<ChangePoint> Detect(
        IReadOnlyList<DateTimeOffset> times,
        IReadOnlyList<double> values,
        double noiseFloor = 0,
        double penalty = 2,
        int minSegmentLength = 3)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSegmentLength, 1);
        if (values.Count < 2 * minSegmentLength)
        {
            return [];
        }

        var sigma = Math.Max(NoiseFromDifferences(values), noiseFloor);
        var threshold = penalty * sigma * sigma * Math.Log(values.Count);
        var prefix = new PrefixSums(values);
        var splits = new List<int>();
        Split(prefix, 0, values.Count, threshold, minSegmentLength, splits);
        splits.Sort();

        var bounds = new List<int> { 0 };
        bounds.AddRange(splits);
        bounds.Add(values.Count);
        var changes = new List<ChangePoint>(splits.Count);
        for (var k = 1; k < bounds.Count - 1; k++)
        {
            var before = prefix.Mean(bounds[k - 1], bounds[k]);
            var after = prefix.Mean(bounds[k], bounds[k + 1]);
            changes.Add(new ChangePoint(bounds[k], times[bounds[k]], before, after));
        }

        return changes;
    }

    /// <summary>Estimates the noise σ from first differences, which cancels slow changes in level.</summary>
    internal static double NoiseFromDifferences(IReadOnlyList<double> values)
    {
        var differences = new double[values.Count - 1];
        for (var i = 1; i < values.Count; i++)
        {
            differences[i - 1] = values[i] - values[i - 1];
        }

        return RobustStatistics.ScaledMad(differences) / Math.Sqrt(2);
    }

    private static void Split(PrefixSums prefix, int start, int end, double threshold, int minLength, List<int> splits)
    {
        if (end - start < 2 * minLength)
        {
            return;
        }

        var whole = prefix.Cost(start, end);
        var bestGain = 0.0;
        var best = -1;
        for (var k = start + minLength; k <= end - minLength; k++)
        {
            var gain = whole - prefix.Cost(start, k) - prefix.Cost(k, end);
            if (gain > bestGain)
            {
                bestGain = gain;
                best = k;
            }
        }

        if (best < 0 || bestGain <= threshold)
        {
            return;
        }

        splits.Add(best);
        Split(prefix, start, best, threshold, minLength, splits);
        Split(prefix, best, end, threshold, minLength, splits);
    }

    /// <summary>Running sums of values and squares, so any segment's mean and cost take constant time.</summary>
    private sealed class PrefixSums
    {
        private readonly double[] _sum;
        private readonly double[] _sumOfSquares;

        public PrefixSums(IReadOnlyList<double> values)
        {
            _sum = new double[values.Count + 1];
            _sumOfSquares = new double[values.Count + 1];
            for (var i = 0; i < values.Count; i++)
            {
                _sum[i + 1] = _sum[i] + values[i];
                _sumOfSquares[i + 1] = _sumOfSquares[i] + values[i] * values[i];
            }
        }

        public double Mean(int start, int end) => (_sum[end] - _sum[start]) / (end - start);

        public double Cost(int start, int end)
        {
            var sum = _sum[end] - _sum[start];
            var cost = _sumOfSquares[end] - _sumOfSquares[start] - sum * sum / (end - start);
            return Math.Max(cost, 0);
        }
    }
}
