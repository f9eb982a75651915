namespace Skinsight.Learning.Condition;

/// <summary>Settings for training a <see cref="ClassifierHead"/> on frozen backbone features.</summary>
/// <param name="ClassWeightPower">
/// Exponent applied to the inverse class frequency to weight the loss: 0 weights every sample alike, 1 weights
/// every class alike, values between trade overall accuracy for balanced accuracy.
/// </param>
public sealed record HeadTrainingOptions(
    int Epochs = 60,
    int BatchSize = 256,
    double LearningRate = 1e-3,
    double WeightDecay = 1e-4,
    double ClassWeightPower = 0.5,
    int HiddenUnits = 0,
    double DropoutRate = 0,
    int Seed = 1);
