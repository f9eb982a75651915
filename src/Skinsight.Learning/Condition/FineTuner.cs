namespace Skinsight.Learning.Condition;

/// <summary>Fine-tunes the pretrained backbone and a new head together with augmentation.</summary>
internal static class FineTuner
{
    public static ConditionNetwork Train(
        IReadOnlyList<Data.LabeledImage> train,
        IReadOnlyList<Data.LabeledImage> validation,
        int epochs,
        int seed,
        IProgress<TrainingProgress>? progress,
        ConditionTrainingOptions options)
    {
        throw new NotSupportedException("Fine-tuning is not implemented yet; use ConditionModelKind.FrozenBackbone.");
    }
}
