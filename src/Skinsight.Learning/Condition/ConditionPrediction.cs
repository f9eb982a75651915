using Skinsight.Core.Analysis;

namespace Skinsight.Learning.Condition;

/// <summary>The probability of one condition class.</summary>
public sealed record ClassProbability(string Code, string Name, double Probability);

/// <summary>The classifier's output for one close-up image.</summary>
/// <param name="Probabilities">All seven classes in DermaMNIST label order; they sum to 1.</param>
/// <param name="ReferralProbability">Summed probability of actinic keratosis, basal cell carcinoma and melanoma.</param>
/// <param name="SeeDermatologist">True when <paramref name="ReferralProbability"/> reaches the model's referral threshold.</param>
public sealed record ConditionPrediction(
    IReadOnlyList<ClassProbability> Probabilities,
    double ReferralProbability,
    double ReferralThreshold,
    bool SeeDermatologist)
{
    public const string SeeDermatologistCode = "see-dermatologist";

    /// <summary>The most probable class.</summary>
    public ClassProbability Top => Probabilities.MaxBy(p => p.Probability)!;

    /// <summary>Returns the "see a dermatologist" flag for the analysis result, or null when it is not raised.</summary>
    public MedicalFlag? ToMedicalFlag() =>
        SeeDermatologist
            ? new MedicalFlag(
                SeeDermatologistCode,
                "This close-up resembles lesions that a dermatologist should examine. It is not a diagnosis; " +
                "please book a skin check.",
                ReferralProbability)
            : null;
}
