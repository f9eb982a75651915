namespace Skinsight.Ranking.Suitability;

/// <summary>
/// Platt scaling of a classifier's probability: <c>1 / (1 + exp(-(Slope * logit(p) + Intercept)))</c>, fitted on
/// out-of-fold probabilities so that the result matches how often the flag is set on products the classifier did
/// not train on.
/// </summary>
/// <param name="Slope">Weight of the logit of the raw probability; below 1 pulls overconfident outputs inwards.</param>
/// <param name="Intercept">Shift in log-odds.</param>
public sealed record PlattScaling(double Slope, double Intercept)
{
    /// <summary>The identity mapping: the raw probability is returned unchanged (up to clamping).</summary>
    public static PlattScaling Identity { get; } = new(1, 0);

    // Raw probabilities are clamped to this distance from 0 and 1 so their logits stay finite.
    private const double Epsilon = 1e-6;

    /// <summary>Returns the calibrated probability of a raw probability.</summary>
    public double Apply(double probability) => Sigmoid((Slope * Logit(probability)) + Intercept);

    /// <summary>
    /// Fits the slope and intercept by Newton's method on the cross-entropy, with Platt's smoothed targets
    /// <c>(P + 1) / (P + 2)</c> for positives and <c>1 / (N + 2)</c> for negatives, so a perfectly separated sample
    /// still gives finite parameters.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static PlattScaling Fit(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count != labels.Count || probabilities.Count == 0)
        {
            throw new ArgumentException(
                $"Got {probabilities.Count} probabilities and {labels.Count} labels. Pass one non-empty label per probability.",
                nameof(labels));
        }

        int positives = labels.Count(l => l);
        int negatives = labels.Count - positives;
        double positiveTarget = (positives + 1.0) / (positives + 2.0);
        double negativeTarget = 1.0 / (negatives + 2.0);
        double[] x = [.. probabilities.Select(Logit)];
        double[] y = [.. labels.Select(l => l ? positiveTarget : negativeTarget)];

        double slope = 1, intercept = 0;
        double loss = Loss(x, y, slope, intercept);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the mean cross-entropy in (slope, intercept); a small ridge keeps the
            // Hessian invertible when every logit is the same.
            double gs = 0, gi = 0, hss = 1e-9, hsi = 0, hii = 1e-9;
            for (int i = 0; i < x.Length; i++)
            {
                double p = Sigmoid((slope * x[i]) + intercept);
                double r = p - y[i];
                double w = p * (1 - p);
                gs += r * x[i];
                gi += r;
                hss += w * x[i] * x[i];
                hsi += w * x[i];
                hii += w;
            }

            double determinant = (hss * hii) - (hsi * hsi);
            if (Math.Abs(gs) + Math.Abs(gi) < 1e-10 * x.Length || determinant <= 0)
            {
                break;
            }

            double stepSlope = ((hii * gs) - (hsi * gi)) / determinant;
            double stepIntercept = ((hss * gi) - (hsi * gs)) / determinant;

            // Halve the Newton step until the loss does not rise, so a poor start cannot diverge.
            double scale = 1;
            double next = Loss(x, y, slope - stepSlope, intercept - stepIntercept);
            while (next > loss && scale > 1e-6)
            {
                scale /= 2;
                next = Loss(x, y, slope - (scale * stepSlope), intercept - (scale * stepIntercept));
            }

            slope -= scale * stepSlope;
            intercept -= scale * stepIntercept;
            bool converged = loss - next < 1e-12;
            loss = next;
            if (converged)
            {
                break;
            }
        }

        return new PlattScaling(slope, intercept);
    }

    /// <summary>Returns the mean cross-entropy (log loss) of probabilities against the labels.</summary>
    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        double sum = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            double p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / labels.Count;
    }

    private static double Loss(double[] x, double[] y, double slope, double intercept)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double p = Math.Clamp(Sigmoid((slope * x[i]) + intercept), 1e-15, 1 - 1e-15);
            sum -= (y[i] * Math.Log(p)) + ((1 - y[i]) * Math.Log(1 - p));
        }

        return sum / x.Length;
    }

    private static double Logit(double probability)
    {
        double p = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        return Math.Log(p / (1 - p));
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
