using MathNet.Numerics.Distributions;

namespace Skinsight.Tracking.Experiments;

/// <summary>A comparison of a treatment arm with a control arm on one outcome.</summary>
/// <param name="Difference">Treatment mean minus control mean.</param>
/// <param name="StandardError">Welch's standard error of the difference, √(s₁²/n₁ + s₂²/n₂).</param>
/// <param name="DegreesOfFreedom">Welch-Satterthwaite degrees of freedom (not an integer in general).</param>
/// <param name="Lower">Lower end of the Welch confidence interval of the difference.</param>
/// <param name="Upper">Upper end of the Welch confidence interval of the difference.</param>
/// <param name="CohensD">The difference in units of the pooled standard deviation.</param>
/// <param name="CohensDLower">Lower end of the normal-approximation interval of d.</param>
/// <param name="CohensDUpper">Upper end of the normal-approximation interval of d.</param>
public sealed record ExperimentComparison(
    int ControlCount,
    int TreatmentCount,
    double ControlMean,
    double TreatmentMean,
    double Difference,
    double StandardError,
    double DegreesOfFreedom,
    double T,
    double PValue,
    double Lower,
    double Upper,
    double CohensD,
    double CohensDLower,
    double CohensDUpper,
    double ConfidenceLevel)
{
    /// <summary>
    /// The standard normal value with the same two-sided p as Welch's t: sign(t) Φ⁻¹(1 − p/2). Group-sequential
    /// boundaries are set on the z scale, so a stop rule compares this value with them. The t itself would cross
    /// early boundaries too easily in small arms, because its tails are heavier.
    /// </summary>
    public double Z => Math.Sign(T) * Normal.InvCDF(0, 1, 1 - PValue / 2);
}

/// <summary>Effect sizes, tests and sample sizes for two-arm experiments.</summary>
public static class ExperimentStatistics
{
    /// <summary>Compares two arms with Welch's t test, which does not assume equal variances.</summary>
    /// <remarks>
    /// The interval of Cohen's d uses the normal approximation with SE(d) = √((n₁ + n₂)/(n₁ n₂) + d²/(2(n₁ + n₂))),
    /// which is close to exact once both arms have a few dozen people and too narrow for very small arms.
    /// </remarks>
    /// <exception cref="TrackingException">An arm has fewer than 2 values, or both arms have no spread.</exception>
    public static ExperimentComparison Compare(
        IReadOnlyList<double> control,
        IReadOnlyList<double> treatment,
        double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        RequireTwo(control, "control");
        RequireTwo(treatment, "treatment");

        var (n1, mean1, var1) = Describe(control);
        var (n2, mean2, var2) = Describe(treatment);
        var share1 = var1 / n1;
        var share2 = var2 / n2;
        var standardError = Math.Sqrt(share1 + share2);
        if (standardError == 0)
        {
            throw new TrackingException(
                "Both arms have identical values throughout, so no test is possible; check that the outcome was recorded.");
        }

        var df = (share1 + share2) * (share1 + share2) / (share1 * share1 / (n1 - 1) + share2 * share2 / (n2 - 1));
        var difference = mean2 - mean1;
        var t = difference / standardError;
        var p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        var critical = StudentT.InvCDF(0, 1, df, 1 - (1 - confidenceLevel) / 2);

        var pooledSd = Math.Sqrt(((n1 - 1) * var1 + (n2 - 1) * var2) / (n1 + n2 - 2));
        var d = difference / pooledSd;
        var dError = Math.Sqrt((n1 + n2) / (n1 * n2) + d * d / (2 * (n1 + n2)));
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidenceLevel) / 2);

        return new ExperimentComparison(
            (int)n1, (int)n2, mean1, mean2, difference, standardError, df, t, p,
            difference - critical * standardError, difference + critical * standardError,
            d, d - z * dError, d + z * dError, confidenceLevel);
    }

    /// <summary>
    /// Returns the people needed per arm to detect a standardised effect <paramref name="cohensD"/> with a
    /// two-sided test: ⌈2 (z(1 − α/2) + z(power))² / d²⌉.
    /// </summary>
    /// <remarks>
    /// This is the normal approximation. The t test needs about one more person per arm, which matters only for
    /// large effects and small arms.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">d is 0 or not finite, or alpha or power is outside (0, 1).</exception>
    public static int SampleSizePerArm(double cohensD, double alpha = 0.05, double power = 0.8)
    {
        if (!double.IsFinite(cohensD) || cohensD == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cohensD), cohensD, "The effect size must be finite and not 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(alpha, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(power, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(power, 1);

        var zAlpha = Normal.InvCDF(0, 1, 1 - alpha / 2);
        var zPower = Normal.InvCDF(0, 1, power);
        return (int)Math.Ceiling(2 * (zAlpha + zPower) * (zAlpha + zPower) / (cohensD * cohensD));
    }

    /// <summary>Returns the people needed per arm to detect a raw difference given the outcome's standard deviation.</summary>
    public static int SampleSizePerArm(double difference, double standardDeviation, double alpha, double power)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(standardDeviation, 0);
        return SampleSizePerArm(difference / standardDeviation, alpha, power);
    }

    private static (double Count, double Mean, double Variance) Describe(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (values.Count, mean, variance);
    }

    private static void RequireTwo(IReadOnlyList<double> values, string arm)
    {
        if (values.Count < 2)
        {
            throw new TrackingException(
                $"The {arm} arm has {values.Count} {(values.Count == 1 ? "outcome" : "outcomes")} but a comparison needs at least 2 per arm; wait for more.");
        }
    }
}
