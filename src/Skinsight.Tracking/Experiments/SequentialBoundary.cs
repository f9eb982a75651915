using MathNet.Numerics.Distributions;

namespace Skinsight.Tracking.Experiments;

/// <summary>What to do with an experiment after an interim look.</summary>
public enum StopDecision
{
    /// <summary>The boundary was not crossed and looks remain: keep collecting.</summary>
    Continue,

    /// <summary>|z| reached the boundary: stop and declare a difference.</summary>
    StopForEffect,

    /// <summary>The last look did not reach the boundary: stop without declaring a difference.</summary>
    StopNoEffect,
}

/// <summary>A group-sequential design: the looks, in information fractions, and the |z| each must reach.</summary>
/// <param name="InformationFractions">Share of the planned sample at each look, increasing and ending at 1.</param>
/// <param name="Boundaries">Two-sided critical |z| at each look.</param>
/// <param name="Alpha">Overall two-sided type I error over all looks.</param>
public sealed record SequentialDesign(
    IReadOnlyList<double> InformationFractions,
    IReadOnlyList<double> Boundaries,
    double Alpha)
{
    /// <summary>Decides after look <paramref name="look"/> (1-based) given the test statistic z at that look.</summary>
    public StopDecision Decide(int look, double z)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(look, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(look, Boundaries.Count);
        if (Math.Abs(z) >= Boundaries[look - 1])
        {
            return StopDecision.StopForEffect;
        }

        return look == Boundaries.Count ? StopDecision.StopNoEffect : StopDecision.Continue;
    }
}

/// <summary>
/// O'Brien-Fleming stop rule for experiments looked at several times: early looks need overwhelming evidence,
/// and the last look's boundary is close to the fixed-horizon one.
/// </summary>
/// <remarks>
/// The boundary at information fraction t is c / √t. On the scale of the score S(t) = Z(t) √t, which moves like
/// Brownian motion under no effect, that is the constant |S| ≥ c. The chance of ever crossing is computed by
/// carrying the density of S between looks on a grid over (−c, c) (trapezoid rule), and c is found by bisection
/// so that the chance equals alpha. One look gives the fixed-horizon test.
/// </remarks>
public static class SequentialBoundary
{
    private const int GridIntervals = 600;

    /// <summary>Returns the O'Brien-Fleming design for <paramref name="looks"/> equally spaced looks.</summary>
    public static SequentialDesign ObrienFleming(int looks, double alpha = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(looks, 1);
        return ObrienFleming(Enumerable.Range(1, looks).Select(k => (double)k / looks).ToArray(), alpha);
    }

    /// <summary>Returns the O'Brien-Fleming design for looks at the given information fractions.</summary>
    /// <exception cref="ArgumentException">The fractions are not increasing within (0, 1] or do not end at 1.</exception>
    public static SequentialDesign ObrienFleming(IReadOnlyList<double> fractions, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(alpha, 1);
        ValidateFractions(fractions);

        // Crossing chance falls as c grows. One look needs z(1 − α/2) and more looks need a little more.
        // 40 halvings of the bracket of width 10 leave an error below 1e-11.
        double low = Normal.InvCDF(0, 1, 1 - alpha / 2), high = low + 10;
        for (var i = 0; i < 40; i++)
        {
            var middle = (low + high) / 2;
            if (CrossingProbability(fractions, middle) > alpha)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var c = (low + high) / 2;
        var boundaries = fractions.Select(t => c / Math.Sqrt(t)).ToArray();
        return new SequentialDesign(fractions.ToArray(), boundaries, alpha);
    }

    /// <summary>Returns the chance under no effect that |S(t)| reaches c at any of the looks.</summary>
    internal static double CrossingProbability(IReadOnlyList<double> fractions, double c)
    {
        var h = 2 * c / GridIntervals;
        var grid = Enumerable.Range(0, GridIntervals + 1).Select(i => -c + i * h).ToArray();

        // Density of S at the first look, on the continuation region.
        var sd = Math.Sqrt(fractions[0]);
        var density = grid.Select(s => Normal.PDF(0, sd, s)).ToArray();
        var crossed = 2 * Normal.CDF(0, sd, -c);

        for (var k = 1; k < fractions.Count; k++)
        {
            var step = Math.Sqrt(fractions[k] - fractions[k - 1]);
            // The transition density depends only on the grid distance |i − j|, so it is tabulated once per look.
            var kernel = Enumerable.Range(0, grid.Length).Select(d => Normal.PDF(0, step, d * h)).ToArray();
            var next = new double[grid.Length];
            for (var j = 0; j < grid.Length; j++)
            {
                var weight = (j == 0 || j == grid.Length - 1 ? 0.5 : 1) * h * density[j];
                crossed += weight * (Normal.CDF(grid[j], step, -c) + 1 - Normal.CDF(grid[j], step, c));
                for (var i = 0; i < grid.Length; i++)
                {
                    next[i] += weight * kernel[Math.Abs(i - j)];
                }
            }

            density = next;
        }

        return crossed;
    }

    private static void ValidateFractions(IReadOnlyList<double> fractions)
    {
        if (fractions.Count == 0 || Math.Abs(fractions[^1] - 1) > 1e-12)
        {
            throw new ArgumentException("Information fractions must end at 1, the planned sample.", nameof(fractions));
        }

        for (var k = 0; k < fractions.Count; k++)
        {
            var previous = k == 0 ? 0 : fractions[k - 1];
            if (!(fractions[k] > previous))
            {
                throw new ArgumentException(
                    $"Information fraction {fractions[k]} at look {k + 1} is not above {previous}; give increasing fractions.",
                    nameof(fractions));
            }
        }
    }
}
