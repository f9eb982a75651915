namespace Skinsight.Learning.Condition;

/// <summary>How a referral threshold performs on labelled samples.</summary>
/// <param name="Recall">Share of samples of the referral classes whose summed probability reaches the threshold.</param>
/// <param name="FlagRate">Share of all samples that would be flagged.</param>
public sealed record ReferralOutcome(double Threshold, double Recall, double FlagRate, int Positives);

/// <summary>
/// Chooses and checks the threshold on the summed probability of <see cref="ConditionClasses.ReferralLabels"/> that
/// raises the "see a dermatologist" flag.
/// </summary>
public static class ReferralThreshold
{
    /// <summary>Returns the summed probability of the referral classes in one probability row.</summary>
    public static double Score(IReadOnlyList<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return ConditionClasses.ReferralLabels.Sum(label => (double)probabilities[label]);
    }

    /// <summary>
    /// Returns the highest threshold at which at least <paramref name="minRecall"/> of the referral-class samples are
    /// flagged, so the flag fires as rarely as that recall allows.
    /// </summary>
    /// <exception cref="ArgumentException">No sample belongs to a referral class.</exception>
    public static ReferralOutcome Choose(IReadOnlyList<int> labels, IReadOnlyList<float[]> probabilities, double minRecall)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minRecall, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minRecall, 1);

        double[] positiveScores = Enumerable.Range(0, labels.Count)
            .Where(i => ConditionClasses.ReferralLabels.Contains(labels[i]))
            .Select(i => Score(probabilities[i]))
            .OrderDescending()
            .ToArray();
        if (positiveScores.Length == 0)
        {
            throw new ArgumentException(
                "No sample belongs to a referral class (akiec, bcc, mel); choose the threshold on a split that has them.",
                nameof(labels));
        }

        int needed = (int)Math.Ceiling((minRecall * positiveScores.Length) - 1e-9);
        double threshold = positiveScores[Math.Max(needed, 1) - 1];
        return Measure(labels, probabilities, threshold);
    }

    /// <summary>Measures recall and flag rate of <paramref name="threshold"/> on labelled samples.</summary>
    public static ReferralOutcome Measure(IReadOnlyList<int> labels, IReadOnlyList<float[]> probabilities, double threshold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        int positives = 0;
        int flaggedPositives = 0;
        int flagged = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            bool isFlagged = Score(probabilities[i]) >= threshold;
            bool isPositive = ConditionClasses.ReferralLabels.Contains(labels[i]);
            positives += isPositive ? 1 : 0;
            flaggedPositives += isPositive && isFlagged ? 1 : 0;
            flagged += isFlagged ? 1 : 0;
        }

        double recall = positives == 0 ? 0 : (double)flaggedPositives / positives;
        return new ReferralOutcome(threshold, recall, (double)flagged / labels.Count, positives);
    }
}
