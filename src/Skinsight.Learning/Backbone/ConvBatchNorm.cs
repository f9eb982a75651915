using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Backbone;

/// <summary>A bias-free convolution followed by batch normalization, with explicit asymmetric padding when needed.</summary>
public sealed class ConvBatchNorm : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;

    public ConvBatchNorm(string name, ConvSpec spec)
        : base(name)
    {
        Spec = spec;
        long padding = spec.IsAsymmetric ? 0 : spec.PadBefore;
        conv = nn.Conv2d(spec.InChannels, spec.OutChannels, spec.Kernel, stride: spec.Stride, padding: padding, bias: false);
        norm = nn.BatchNorm2d(spec.OutChannels, eps: 1e-5);
        RegisterComponents();
    }

    public ConvSpec Spec { get; }

    internal Conv2d Conv => conv;

    internal BatchNorm2d Norm => norm;

    public override Tensor forward(Tensor input)
    {
        if (!Spec.IsAsymmetric)
        {
            return norm.forward(conv.forward(input));
        }

        // torch.nn.functional.pad takes (left, right, top, bottom), and the graph pads top like left and bottom like right.
        using Tensor padded = nn.functional.pad(input, [Spec.PadBefore, Spec.PadAfter, Spec.PadBefore, Spec.PadAfter]);
        using Tensor convolved = conv.forward(padded);
        return norm.forward(convolved);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv.Dispose();
            norm.Dispose();
        }

        base.Dispose(disposing);
    }
}
