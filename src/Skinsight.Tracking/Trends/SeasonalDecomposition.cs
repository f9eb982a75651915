namespace Skinsight.Tracking.Trends;

/// <summary>A series split into trend, seasonal and remainder parts on equal time bins.</summary>
/// <param name="BinStarts">Start time of each bin.</param>
/// <param name="Observed">Mean value in each bin. Empty bins are filled by linear interpolation.</param>
/// <param name="Trend">Centred moving average over one period, and at the ends the nearest full-window value.</param>
/// <param name="Seasonal">Seasonal effect of each bin's phase. The effects of one period sum to zero.</param>
/// <param name="Remainder">Observed − Trend − Seasonal.</param>
public sealed record SeasonalDecomposition(
    TimeSpan Period,
    IReadOnlyList<DateTimeOffset> BinStarts,
    IReadOnlyList<double> Observed,
    IReadOnlyList<double> Trend,
    IReadOnlyList<double> Seasonal,
    IReadOnlyList<double> Remainder)
{
    /// <summary>Half the range of the seasonal effects, in value units.</summary>
    public double Amplitude => (Seasonal.Max() - Seasonal.Min()) / 2;
}

/// <summary>
/// Classical additive decomposition by moving averages, a simple stand-in for STL. Irregular check-ins are first
/// averaged into equal time bins, so one period contains a whole number of bins.
/// </summary>
public static class SeasonalDecomposer
{
    /// <summary>
    /// Decomposes a series given in time order, or returns null when it spans less than two periods.
    /// </summary>
    public static SeasonalDecomposition? Decompose(
        IReadOnlyList<DateTimeOffset> times,
        IReadOnlyList<double> values,
        TimeSpan period,
        int binsPerPeriod)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(binsPerPeriod, 2);
        if (times.Count == 0 || times[^1] - times[0] < 2 * period)
        {
            return null;
        }

        var binWidth = period / binsPerPeriod;
        var observed = BinMeans(times, values, binWidth);
        var trend = CentredMovingAverage(observed, binsPerPeriod);
        var seasonal = SeasonalEffects(observed, trend, binsPerPeriod);
        var remainder = observed.Select((v, i) => v - trend[i] - seasonal[i]).ToArray();
        var starts = Enumerable.Range(0, observed.Length).Select(i => times[0] + i * binWidth).ToArray();
        return new SeasonalDecomposition(period, starts, observed, trend, seasonal, remainder);
    }

    private static double[] BinMeans(IReadOnlyList<DateTimeOffset> times, IReadOnlyList<double> values, TimeSpan width)
    {
        var count = (int)((times[^1] - times[0]) / width) + 1;
        var sums = new double[count];
        var counts = new int[count];
        for (var i = 0; i < times.Count; i++)
        {
            var bin = (int)((times[i] - times[0]) / width);
            sums[bin] += values[i];
            counts[bin]++;
        }

        var means = new double[count];
        var filled = new List<int>();
        for (var b = 0; b < count; b++)
        {
            if (counts[b] > 0)
            {
                means[b] = sums[b] / counts[b];
                filled.Add(b);
            }
        }

        // The first and last bins always hold a point, so every empty bin lies between two filled ones.
        for (var k = 1; k < filled.Count; k++)
        {
            int left = filled[k - 1], right = filled[k];
            for (var b = left + 1; b < right; b++)
            {
                var fraction = (double)(b - left) / (right - left);
                means[b] = means[left] + fraction * (means[right] - means[left]);
            }
        }

        return means;
    }

    /// <summary>
    /// Averages over one period centred on each bin: a plain m-term average for odd m, and the 2×m average
    /// (half weight on the two end bins) for even m. Bins without a full window take the nearest full value.
    /// </summary>
    private static double[] CentredMovingAverage(double[] values, int m)
    {
        var half = m / 2;
        var trend = new double[values.Length];
        for (var i = half; i < values.Length - half; i++)
        {
            var sum = 0.0;
            for (var k = -half; k <= half; k++)
            {
                var weight = m % 2 == 0 && Math.Abs(k) == half ? 0.5 : 1;
                sum += weight * values[i + k];
            }

            trend[i] = sum / m;
        }

        for (var i = 0; i < half; i++)
        {
            trend[i] = trend[half];
            trend[values.Length - 1 - i] = trend[values.Length - 1 - half];
        }

        return trend;
    }

    private static double[] SeasonalEffects(double[] observed, double[] trend, int m)
    {
        var half = m / 2;
        var sums = new double[m];
        var counts = new int[m];
        for (var i = half; i < observed.Length - half; i++)
        {
            sums[i % m] += observed[i] - trend[i];
            counts[i % m]++;
        }

        var effects = sums.Select((s, phase) => counts[phase] > 0 ? s / counts[phase] : 0).ToArray();
        var centre = effects.Average();
        return observed.Select((_, i) => effects[i % m] - centre).ToArray();
    }
}
