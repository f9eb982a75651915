using Skinsight.Learning.Data;
using Skinsight.Learning.Evaluation;
using Skinsight.Learning.Training;

namespace Skinsight.Learning.Condition;

/// <summary>
/// Fine-tunes the condition classifier (see <see cref="ResNetFineTuning"/>) and keeps the weights of the epoch with
/// the best mean of validation accuracy and balanced accuracy.
/// </summary>
internal static class FineTuner
{
    public static ConditionNetwork Train(
        IReadOnlyList<LabeledImage> train,
        IReadOnlyList<LabeledImage> validation,
        int epochs,
        int seed,
        IProgress<TrainingProgress>? progress,
        ConditionTrainingOptions options,
        CancellationToken cancellationToken = default)
    {
        HeadTrainingOptions head = options.Head ?? new HeadTrainingOptions();
        var run = new FineTuningRun(
            ConditionClasses.Count,
            options.InputSize,
            options.BatchSize,
            epochs,
            seed,
            options.FineTuning ?? new FineTuningOptions(),
            head.HiddenUnits,
            head.DropoutRate);
        int[] labels = validation.Select(v => v.Label).ToArray();
        return ResNetFineTuning.Train(train, validation, run, network =>
        {
            float[][] probabilities = ConditionTraining.PredictImages(network, validation, options.InputSize, options.BatchSize, out _);
            var metrics = ClassificationMetrics.Compute(labels, probabilities, ConditionClasses.Codes);
            return ((metrics.Accuracy + metrics.BalancedAccuracy) / 2, metrics.Accuracy);
        }, options.CheckpointDirectory, progress, cancellationToken).Network;
    }
}
