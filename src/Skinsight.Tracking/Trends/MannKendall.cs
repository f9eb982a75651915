using MathNet.Numerics.Distributions;

namespace Skinsight.Tracking.Trends;

/// <summary>The Mann-Kendall trend test of one series.</summary>
/// <param name="S">Number of rising pairs minus number of falling pairs.</param>
/// <param name="Variance">Variance of S under no trend, corrected for tied values.</param>
/// <param name="Z">S standardised with a continuity correction of 1 towards zero.</param>
/// <param name="PValue">Two-sided p-value of Z under the standard normal.</param>
/// <param name="Tau">Kendall's tau-b between time and value (tau-a when no values are tied).</param>
public sealed record MannKendallResult(long S, double Variance, double Z, double PValue, double Tau);

/// <summary>The Mann-Kendall test for a monotonic trend, which makes no assumption about the values' distribution.</summary>
public static class MannKendall
{
    /// <summary>Tests <paramref name="values"/>, observed at strictly increasing times, for a monotonic trend.</summary>
    /// <exception cref="ArgumentException">Fewer than 3 values.</exception>
    public static MannKendallResult Test(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 3)
        {
            throw new ArgumentException($"Mann-Kendall needs at least 3 values but got {values.Count}.", nameof(values));
        }

        long s = 0;
        for (var i = 0; i < values.Count - 1; i++)
        {
            for (var j = i + 1; j < values.Count; j++)
            {
                s += Math.Sign(values[j] - values[i]);
            }
        }

        double n = values.Count;
        var tieGroups = values.GroupBy(v => v).Select(g => (double)g.Count()).Where(t => t > 1).ToList();
        var tieTerm = tieGroups.Sum(t => t * (t - 1) * (2 * t + 5));
        var variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;

        var z = variance > 0 ? (s - Math.Sign(s)) / Math.Sqrt(variance) : 0;
        var p = 2 * Normal.CDF(0, 1, -Math.Abs(z));

        var pairs = n * (n - 1) / 2;
        var tiedPairs = tieGroups.Sum(t => t * (t - 1) / 2);
        var tau = pairs > tiedPairs ? s / Math.Sqrt(pairs * (pairs - tiedPairs)) : 0;
        return new MannKendallResult(s, variance, z, p, tau);
    }
}
