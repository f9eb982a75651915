namespace Skinsight.Learning.Condition;

/// <summary>Progress of a training run, reported after each epoch and, where the loop allows, after each batch.</summary>
/// <param name="TrainLoss">Mean weighted cross-entropy over the epoch's training batches so far.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split after the epoch, or null when not measured.</param>
/// <param name="Batch">Batches done in the current epoch, or 0 for an end-of-epoch report.</param>
/// <param name="Batches">Batches in an epoch, or 0 when the loop does not report batches.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double? ValidationAccuracy,
    TimeSpan Elapsed,
    int Batch = 0,
    int Batches = 0);
