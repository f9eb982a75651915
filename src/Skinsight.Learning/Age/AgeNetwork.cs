using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Age;

/// <summary>
/// A small VGG-style CNN trained from scratch that maps a square face crop (64x64 by default) to an age in decades.
/// </summary>
/// <remarks>
/// Input is RGB 0-255, [N, 3, S, S]. Four stages of 3x3 convolutions with batch norm and ReLU, each followed by a
/// 2x2 max-pool, reduce it to S/16. One more convolution, global average pooling, dropout and a linear layer give one
/// value per image. The output is in decades (years / 10), so its scale suits the default initialisation.
/// </remarks>
public sealed class AgeNetwork : AgeRegressor
{
    /// <summary>Architecture name of this network in <see cref="AgeTrainingOptions.Architecture"/>.</summary>
    public const string ArchitectureName = "vgg";

    private readonly Sequential features;
    private readonly Dropout dropout;
    private readonly Linear head;

    /// <param name="width">Channels of the first stage. Later stages have 2, 4 and 8 times as many.</param>
    /// <param name="inputSize">Side in pixels of the square input, a multiple of 16.</param>
    public AgeNetwork(int width = 32, int inputSize = AgeTrainingOptions.DefaultInputSize)
        : base(nameof(AgeNetwork), inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        features = nn.Sequential(
            ("stage1", Block(3, width)),
            ("pool1", nn.MaxPool2d(2)),
            ("stage2a", Block(width, 2 * width)),
            ("stage2b", Block(2 * width, 2 * width)),
            ("pool2", nn.MaxPool2d(2)),
            ("stage3a", Block(2 * width, 4 * width)),
            ("stage3b", Block(4 * width, 4 * width)),
            ("pool3", nn.MaxPool2d(2)),
            ("stage4", Block(4 * width, 8 * width)),
            ("pool4", nn.MaxPool2d(2)),
            ("stage5", Block(8 * width, 8 * width)),
            ("gap", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()));
        dropout = nn.Dropout(0.2);
        head = nn.Linear(8 * width, 1);
        RegisterComponents();
    }

    public int Width { get; }

    public override void InitialiseOutput(double decades)
    {
        using var disabled = no_grad();
        head.bias!.fill_(decades);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Maps 0-255 to about -2..2, centred on mid-grey.
        Tensor normalized = (input / 63.75) - 2;
        Tensor pooled = features.forward(normalized);
        return head.forward(dropout.forward(pooled)).squeeze(1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            dropout.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Sequential Block(long input, long output) => nn.Sequential(
        ("conv", nn.Conv2d(input, output, 3, padding: 1, bias: false)),
        ("norm", nn.BatchNorm2d(output)),
        ("relu", nn.ReLU(inplace: true)));
}
