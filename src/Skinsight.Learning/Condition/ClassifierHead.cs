using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Condition;

/// <summary>
/// Maps 512 backbone features to class logits: standardizes each feature with the training mean and scale, then
/// applies a linear layer, or a hidden ReLU layer and a linear layer when <c>hiddenUnits</c> is above 0.
/// </summary>
public sealed class ClassifierHead : nn.Module<Tensor, Tensor>
{
    private readonly Tensor feature_mean;
    private readonly Tensor feature_scale;
    private readonly Dropout dropout;
    private readonly Linear? hidden;
    private readonly Linear output;

    public ClassifierHead(int featureCount, int classCount, int hiddenUnits = 0, double dropoutRate = 0)
        : base(nameof(ClassifierHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(hiddenUnits);

        feature_mean = zeros(featureCount);
        feature_scale = ones(featureCount);
        dropout = nn.Dropout(dropoutRate);
        if (hiddenUnits > 0)
        {
            hidden = nn.Linear(featureCount, hiddenUnits);
        }

        output = nn.Linear(hiddenUnits > 0 ? hiddenUnits : featureCount, classCount);
        RegisterComponents();
    }

    /// <summary>Sets the per-feature mean and standard deviation measured on the training features.</summary>
    public void SetStandardization(float[] mean, float[] scale)
    {
        using var disabled = no_grad();
        using Tensor meanValues = tensor(mean);
        using Tensor scaleValues = tensor(scale);
        feature_mean.copy_(meanValues);
        feature_scale.copy_(scaleValues);
    }

    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        Tensor x = dropout.forward((features - feature_mean) / feature_scale);
        if (hidden is not null)
        {
            x = dropout.forward(nn.functional.relu(hidden.forward(x)));
        }

        return output.forward(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            feature_mean.Dispose();
            feature_scale.Dispose();
            dropout.Dispose();
            hidden?.Dispose();
            output.Dispose();
        }

        base.Dispose(disposing);
    }
}
