using Skinsight.Learning.Condition;

namespace Skinsight.Learning.Training;

/// <summary>Settings for fine-tuning the backbone and head together.</summary>
/// <param name="FrozenBlocks">Number of leading residual blocks (of 9) kept fixed together with the stem.</param>
/// <param name="ClassWeightPower">Exponent of the inverse class frequency used as loss weight (see <see cref="ClassWeights"/>).</param>
/// <param name="MaxRotationDegrees">Training images are rotated by a random angle up to this many degrees either way.</param>
/// <param name="ColourJitter">Brightness and contrast factors are drawn from 1 plus or minus this value.</param>
public sealed record FineTuningOptions(
    double BackboneLearningRate = 1e-4,
    double HeadLearningRate = 1e-3,
    double WeightDecay = 1e-4,
    int FrozenBlocks = 0,
    double ClassWeightPower = 0.5,
    double MaxRotationDegrees = 15,
    double ColourJitter = 0.1);
