namespace Skinsight.Learning.Condition;

/// <summary>The seven HAM10000 diagnoses in DermaMNIST label order.</summary>
public static class ConditionClasses
{
    public const int Count = 7;

    /// <summary>HAM10000 <c>dx</c> codes, indexed by DermaMNIST label.</summary>
    public static readonly IReadOnlyList<string> Codes = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"];

    /// <summary>Plain names, indexed by DermaMNIST label.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "actinic keratosis or intraepithelial carcinoma",
        "basal cell carcinoma",
        "benign keratosis-like lesion",
        "dermatofibroma",
        "melanoma",
        "melanocytic nevus",
        "vascular lesion",
    ];

    /// <summary>
    /// Labels whose summed probability raises the "see a dermatologist" flag: actinic keratosis (0), basal cell
    /// carcinoma (1) and melanoma (4), the malignant or pre-malignant classes.
    /// </summary>
    public static readonly IReadOnlyList<int> ReferralLabels = [0, 1, 4];
}
