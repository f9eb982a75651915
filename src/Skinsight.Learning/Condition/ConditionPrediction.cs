using Skinsight.Core.Analysis;

namespace Skinsight.Learning.Condition;

/// <summary>The probability of one condition class.</summary>
public sealed record ClassProbability(string Code, string Name, double Probability);

/// <summary>The classifier's output for one close-up image.</summary>
/// <param name="Probabilities">All seven classes in DermaMNIST label order; they sum to 1.</param>
/// <param name="ReferralProbability">Summed probability of actinic keratosis, basal cell carcinoma and melanoma.</param>
/// <param name="SeeDermatologist">True when <paramref name="ReferralProbability"/> reaches the model's referral threshold.</param>
/// <param name="Input">How the photo compares with the model's reference photos, or null when the model folder has no references.</param>
public sealed record ConditionPrediction(
    IReadOnlyList<ClassProbability> Probabilities,
    double ReferralProbability,
    double ReferralThreshold,
    bool SeeDermatologist,
    InputCheck? Input = null)
{
    public const string SeeDermatologistCode = MedicalFlag.SeeDermatologistCode;

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

/// <summary>
/// Squared Mahalanobis distances of a photo's backbone features from the model's feature references, and whether each
/// lies within its threshold. A reference that the model folder lacks gives a null distance and passes.
/// </summary>
/// <param name="SkinDistance">Distance from the skin photos (dermoscopy, faces and close-ups of faces).</param>
/// <param name="DermoscopyDistance">Distance from the dermoscopy close-ups the classifier was trained on.</param>
/// <param name="FaceScore">
/// Score of the discriminant of dermoscopy against face photos (<see cref="ConditionClassifier.FaceDiscriminantFileName"/>):
/// positive leans to dermoscopy. Null when the model folder has no discriminant.
/// </param>
/// <param name="LooksLikeFacePhoto">The score is below the discriminant's threshold; false without a discriminant.</param>
public sealed record InputCheck(
    double? SkinDistance,
    bool LooksLikeSkin,
    double? DermoscopyDistance,
    bool LooksLikeDermoscopy,
    double? FaceScore = null,
    bool LooksLikeFacePhoto = false);
