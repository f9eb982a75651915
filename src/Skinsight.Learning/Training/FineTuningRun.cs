using Skinsight.Learning.Condition;

namespace Skinsight.Learning.Training;

/// <summary>
/// Everything that shapes the batches and updates of a fine-tuning run. A checkpoint resumes only a run whose
/// settings are equal to the ones it was written with.
/// </summary>
/// <param name="ClassCount">Outputs of the new head.</param>
/// <param name="InputSize">Side in pixels that images are scaled to.</param>
/// <param name="Epochs">Total epochs; a resumed run trains only the ones still missing.</param>
/// <param name="LaterEpochWinsTies">
/// Keep the later of two epochs with the same validation score, because it has trained longer at a lower learning
/// rate. When false, the earlier one is kept.
/// </param>
/// <param name="FlipAveragedScore">
/// The validation score averages each image's probabilities over its flipped copies. The loop itself does not read
/// it, but it changes which epoch is best, so a checkpoint scored one way must not be resumed the other way.
/// </param>
/// <param name="Variant">
/// Settings, in words, of a network other than the ResNet-18 classifier that uses these checkpoints, such as the
/// crop size of the acne lesion detector. Null for the classifier.
/// </param>
public sealed record FineTuningRun(
    int ClassCount,
    int InputSize,
    int BatchSize,
    int Epochs,
    int Seed,
    FineTuningOptions Tuning,
    int HiddenUnits = 0,
    double DropoutRate = 0,
    bool LaterEpochWinsTies = false,
    bool FlipAveragedScore = false,
    string? Variant = null);

/// <summary>One finished epoch of a fine-tuning run.</summary>
/// <param name="Score">The value the run keeps its best weights by (higher is better).</param>
/// <param name="ValidationAccuracy">Accuracy on the validation images after the epoch.</param>
public sealed record FineTuningEpoch(int Epoch, double TrainLoss, double Score, double ValidationAccuracy, double Seconds);

/// <summary>The fine-tuned network with the weights of its best epoch, and the scores of every epoch.</summary>
public sealed record FineTuningResult(ConditionNetwork Network, int BestEpoch, IReadOnlyList<FineTuningEpoch> History);
