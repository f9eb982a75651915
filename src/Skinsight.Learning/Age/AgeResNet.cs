using Skinsight.Learning.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Age;

/// <summary>
/// The ImageNet ResNet-18 of <see cref="PretrainedResNet18"/> with a dropout and linear head that gives the age in
/// decades. Training fine-tunes the whole network.
/// </summary>
/// <remarks>
/// The backbone takes RGB 0-255 and does its own BGR conversion and mean-image subtraction, so the input is the same
/// as for <see cref="AgeNetwork"/>. Its asymmetric padding needs a side that is a multiple of 32.
/// </remarks>
public sealed class AgeResNet : AgeRegressor
{
    /// <summary>Architecture name of this network in <see cref="AgeTrainingOptions.Architecture"/>.</summary>
    public const string ArchitectureName = "resnet18";

    private readonly ResNet18Backbone backbone;
    private readonly Dropout dropout;
    private readonly Linear head;

    /// <param name="inputSize">Side in pixels of the square input, a multiple of 32.</param>
    /// <param name="pretrained">Start from the ImageNet weights, which must then be present in the build output.</param>
    /// <exception cref="ModelFormatException">The pretrained weights are asked for but missing.</exception>
    public AgeResNet(int inputSize, bool pretrained)
        : base(nameof(AgeResNet), inputSize)
    {
        if (inputSize % 32 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The side must be a multiple of 32.");
        }

        backbone = pretrained ? PretrainedResNet18.Create() : new ResNet18Backbone();
        dropout = nn.Dropout(0.2);
        head = nn.Linear(ResNet18Backbone.FeatureCount, 1);
        RegisterComponents();
    }

    public override void InitialiseOutput(double decades)
    {
        using var disabled = no_grad();
        head.weight!.mul_(0.1);
        head.bias!.fill_(decades);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor features = backbone.forward(input);
        return head.forward(dropout.forward(features)).squeeze(1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            dropout.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
