namespace Skinsight.Learning.Acne;

/// <summary>
/// Maps the summed density d of <see cref="AcneLesionNetwork"/> to a lesion count: Scale * d^Power. The trained
/// network undercounts photos with many lesions and overcounts those with few, which a power below 1 and a scale
/// above 1 undo.
/// </summary>
public sealed record AcneCountCalibration(double Scale, double Power)
{
    /// <summary>The count is the summed density itself.</summary>
    public static AcneCountCalibration Identity { get; } = new(1, 1);

    /// <summary>Scales tried by <see cref="Fit"/>: 0.50 to 2.00 in steps of 0.02.</summary>
    public static IReadOnlyList<double> Scales { get; } = [.. Enumerable.Range(0, 76).Select(i => Math.Round(0.5 + (0.02 * i), 2))];

    /// <summary>Powers tried by <see cref="Fit"/>: 0.80 to 1.40 in steps of 0.02.</summary>
    public static IReadOnlyList<double> Powers { get; } = [.. Enumerable.Range(0, 31).Select(i => Math.Round(0.8 + (0.02 * i), 2))];

    public double Apply(double density) => Scale * Math.Pow(Math.Max(0, density), Power);

    /// <summary>
    /// Returns the scale and power from <see cref="Scales"/> and <see cref="Powers"/> with the lowest mean absolute
    /// error of the rounded counts; of equal errors, the first in the order powers then scales.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static AcneCountCalibration Fit(IReadOnlyList<double> densities, IReadOnlyList<int> labelledCounts)
    {
        ArgumentNullException.ThrowIfNull(densities);
        ArgumentNullException.ThrowIfNull(labelledCounts);
        if (densities.Count != labelledCounts.Count || densities.Count == 0)
        {
            throw new ArgumentException(
                $"Expected as many densities as counts, at least one; got {densities.Count} and {labelledCounts.Count}.");
        }

        AcneCountCalibration best = Identity;
        double bestError = double.MaxValue;
        foreach (double power in Powers)
        {
            foreach (double scale in Scales)
            {
                var candidate = new AcneCountCalibration(scale, power);
                double error = 0;
                for (int i = 0; i < densities.Count; i++)
                {
                    error += Math.Abs(AcneLesionDetector.RoundCount(candidate.Apply(densities[i])) - labelledCounts[i]);
                }

                if (error < bestError)
                {
                    (best, bestError) = (candidate, error);
                }
            }
        }

        return best;
    }
}
