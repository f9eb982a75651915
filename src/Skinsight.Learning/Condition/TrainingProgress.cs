namespace Skinsight.Learning.Condition;

/// <summary>Progress of a training run, reported after each epoch.</summary>
/// <param name="TrainLoss">Mean weighted cross-entropy over the epoch's training batches.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split after the epoch, or null when not measured.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double? ValidationAccuracy,
    TimeSpan Elapsed);
