using static TorchSharp.torch;

namespace Skinsight.Learning.Backbone;

/// <summary>
/// A residual block of two 3x3 convolutions. The first block of a downsampling stage uses a stride-2 convolution
/// padded 1 before and 0 after, and a 1x1 stride-2 projection on the shortcut.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly ConvBatchNorm conv1;
    private readonly ConvBatchNorm conv2;
    private readonly ConvBatchNorm? shortcut;

    public BasicBlock(string name, long inChannels, long outChannels, long stride)
        : base(name)
    {
        if (stride != 1)
        {
            shortcut = new ConvBatchNorm("shortcut", new ConvSpec(inChannels, outChannels, 1, stride, 0, 0));
        }

        long padAfter = stride == 1 ? 1 : 0;
        conv1 = new ConvBatchNorm("conv1", new ConvSpec(inChannels, outChannels, 3, stride, 1, padAfter));
        conv2 = new ConvBatchNorm("conv2", new ConvSpec(outChannels, outChannels, 3, 1, 1, 1));
        RegisterComponents();
    }

    /// <summary>The convolutions in the order the pretrained graph lists them: shortcut first, then conv1, conv2.</summary>
    internal IEnumerable<ConvBatchNorm> ConvolutionsInGraphOrder =>
        shortcut is null ? [conv1, conv2] : [shortcut, conv1, conv2];

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor residual = shortcut is null ? input : shortcut.forward(input);
        Tensor hidden = nn.functional.relu(conv1.forward(input));
        Tensor output = nn.functional.relu(conv2.forward(hidden) + residual);
        return output.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            shortcut?.Dispose();
        }

        base.Dispose(disposing);
    }
}
