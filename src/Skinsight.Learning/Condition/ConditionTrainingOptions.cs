using Skinsight.Learning.Training;

namespace Skinsight.Learning.Condition;

/// <summary>Settings of <see cref="ConditionTraining.Train"/> beyond data, output, epochs and seed.</summary>
/// <param name="Kind">Train only a head on frozen features, or fine-tune backbone and head.</param>
/// <param name="InputSize">Side in pixels that images are resized to; the pretrained weights were trained at 224.</param>
/// <param name="Head">Head settings; its Epochs and Seed are replaced by the arguments of Train.</param>
/// <param name="FeatureCacheDirectory">
/// Folder where frozen-backbone features are cached per split and size, or null to extract them every time.
/// </param>
/// <param name="ReferralRecall">Recall on the referral classes that the flag threshold must reach on validation data.</param>
/// <param name="Views">
/// With fine-tuning: the views of each image that the saved model averages its probabilities over (see
/// <see cref="ImageViews"/>); null for one pass.
/// </param>
/// <param name="CheckpointDirectory">
/// Folder where fine-tuning keeps a checkpoint after every epoch and resumes from, deleted once the model is saved;
/// null for none.
/// </param>
public sealed record ConditionTrainingOptions(
    ConditionModelKind Kind = ConditionModelKind.FrozenBackbone,
    int InputSize = 224,
    int BatchSize = 32,
    HeadTrainingOptions? Head = null,
    FineTuningOptions? FineTuning = null,
    string? FeatureCacheDirectory = null,
    double ReferralRecall = 0.9,
    string TrainSplit = "train",
    string ValidationSplit = "val",
    IReadOnlyList<ViewScale>? Views = null,
    string? CheckpointDirectory = null);
