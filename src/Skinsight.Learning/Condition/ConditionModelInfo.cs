using System.Text.Json.Serialization;

namespace Skinsight.Learning.Condition;

/// <summary>How a saved condition model was built, which decides what its weight file contains.</summary>
public enum ConditionModelKind
{
    /// <summary>Only the head was trained; the backbone is the unchanged pretrained ResNet-18 from its NuGet package.</summary>
    FrozenBackbone,

    /// <summary>Backbone and head were trained together; the weight file contains both.</summary>
    FineTuned,
}

/// <summary>Validation scores stored with a model so that its card and callers can read them without the data.</summary>
public sealed record ValidationSummary(
    string Split,
    int SampleCount,
    double Accuracy,
    double BalancedAccuracy,
    double? MacroAuc,
    double ReferralRecall,
    double ReferralFlagRate);

/// <summary>The <c>model.json</c> of a saved condition model.</summary>
/// <param name="InputSize">Side in pixels that images are resized to before the backbone.</param>
/// <param name="ReferralThreshold">
/// Summed probability of actinic keratosis, basal cell carcinoma and melanoma at or above which the
/// "see a dermatologist" flag is raised. It is chosen on validation data for a recall of at least 0.9 on those classes.
/// </param>
/// <param name="FlipAverage">
/// Written by models saved before <paramref name="Views"/> existed: probabilities are the mean over the image and its
/// horizontal, vertical and double flips.
/// </param>
/// <param name="Views">
/// The views whose probabilities are averaged (see <see cref="ImageViews"/>). The threshold and the validation scores
/// were measured that way. Null in files written before it existed, which <see cref="AveragedViews"/> reads instead.
/// </param>
public sealed record ConditionModelInfo(
    int FormatVersion,
    ConditionModelKind Kind,
    int InputSize,
    int HiddenUnits,
    IReadOnlyList<string> ClassCodes,
    double ReferralThreshold,
    DateTime TrainedUtc,
    int Seed,
    int Epochs,
    ValidationSummary? Validation,
    bool FlipAverage = false,
    IReadOnlyList<ViewScale>? Views = null)
{
    /// <summary>The views this model averages over: <see cref="Views"/>, or what <see cref="FlipAverage"/> stood for.</summary>
    [JsonIgnore]
    public IReadOnlyList<ViewScale> AveragedViews =>
        Views ?? (FlipAverage ? ImageViews.Flips(InputSize) : ImageViews.Single(InputSize));
}
