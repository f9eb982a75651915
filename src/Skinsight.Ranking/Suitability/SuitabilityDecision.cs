namespace Skinsight.Ranking.Suitability;

/// <summary>
/// Turns calibrated probabilities into flags so that F1 of the "suitable" class is expected to rise, and decides per
/// flag whether the model is used at all or the majority rule is kept.
/// </summary>
/// <remarks>
/// Start from "every product is suitable", which scores <c>2P / (2P + N)</c> on P positives and N negatives. Calling
/// one more product unsuitable raises the expected F1 only when its chance of being a negative is above about
/// <c>(P + N) / (2P + N)</c>, that is, when its probability of being positive is below <c>p / (1 + p)</c> for a
/// positive rate p. That is half the F1 of the all-positive rule. The threshold follows from the training base rate
/// alone, so it is not searched on the predictions it is then scored on.
/// </remarks>
public static class SuitabilityDecision
{
    /// <summary>
    /// Returns the calibrated probability at or above which a flag is predicted: <c>p / (1 + p)</c> for the
    /// training positive rate p, half of the F1 that predicting every product positive reaches.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="positiveRate"/> is outside 0 to 1.</exception>
    public static double Threshold(double positiveRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(positiveRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(positiveRate, 1.0);
        return positiveRate / (1 + positiveRate);
    }

    /// <summary>
    /// Returns true when the model should decide a flag: its out-of-fold F1 gain over the majority rule is positive
    /// in every cross-validation repeat and at least <paramref name="margin"/> on average. Otherwise the flag keeps
    /// the majority rule, so the model can only differ from the majority where it showed a steady gain.
    /// </summary>
    /// <param name="gains">Model F1 minus majority F1 on the same folds, one value per repeat.</param>
    /// <param name="margin">Smallest mean gain that counts.</param>
    public static bool UsesModel(IReadOnlyList<double> gains, double margin)
    {
        ArgumentNullException.ThrowIfNull(gains);
        return gains.Count > 0 && gains.All(g => g > 0) && gains.Average() >= margin;
    }
}
