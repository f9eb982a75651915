using Skinsight.Learning.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Acne;

/// <summary>
/// A centre-point lesion detector on the ImageNet ResNet-18: stage 3 (1/16 of the input side) is upsampled onto
/// stage 2 (1/8), and three 1x1 heads read every cell of that grid. Output channels, per cell of the 1/8 grid:
/// the logit that a lesion centre lies in the cell, the log of the box width and height in cells, and the logits
/// of the four ACNE04 lesion types.
/// </summary>
/// <remarks>
/// The input is RGB 0-255 of any size divisible by 32; the network is fully convolutional, so it is trained on crops
/// and run on whole photos. The backbone has only its first 3 stages.
/// </remarks>
public sealed class AcneLesionNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Input pixels per output cell.</summary>
    public const int Stride = 8;

    /// <summary>Output channel of the centre logit.</summary>
    public const int CentreChannel = 0;

    /// <summary>First of the two output channels of log box width and log box height, in cells.</summary>
    public const int SizeChannel = 1;

    /// <summary>First of the <see cref="AcneLesionTypes.Count"/> output channels of type logits.</summary>
    public const int TypeChannel = 3;

    /// <summary>Output channel of the lesion density, before softplus.</summary>
    public const int DensityChannel = TypeChannel + AcneLesionTypes.Count;

    public const int OutputChannels = DensityChannel + 1;

    /// <summary>Stages of the ResNet-18 backbone the network is built on.</summary>
    public const int BackboneStages = 3;

    private const long Width = 128;

    /// <summary>
    /// Starting bias of the centre logit: a sigmoid of 0.01, so that the many empty cells do not swamp the first
    /// steps of the focal loss.
    /// </summary>
    private const double CentrePriorLogit = -4.6;

    /// <summary>Starting bias of the density: a softplus of 0.0025 per cell, about 4 lesions on a 640x640 photo.</summary>
    private const double DensityPriorLogit = -6;

    private readonly ResNet18Backbone backbone;
    private readonly Conv2d lateral8;
    private readonly Conv2d lateral16;
    private readonly Conv2d merge;
    private readonly BatchNorm2d merge_norm;
    private readonly Conv2d heads;

    public AcneLesionNetwork(ResNet18Backbone backbone)
        : base(nameof(AcneLesionNetwork))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone.Stages != BackboneStages)
        {
            throw new ArgumentException($"The lesion detector needs a backbone of {BackboneStages} stages; got {backbone.Stages}.", nameof(backbone));
        }

        this.backbone = backbone;
        lateral8 = nn.Conv2d(128, Width, 1);
        lateral16 = nn.Conv2d(256, Width, 1);
        merge = nn.Conv2d(Width, Width, 3, padding: 1, bias: false);
        merge_norm = nn.BatchNorm2d(Width);
        heads = nn.Conv2d(Width, OutputChannels, 1);
        RegisterComponents();

        using var disabled = no_grad();
        heads.bias![CentreChannel].fill_(CentrePriorLogit);
        heads.bias[DensityChannel].fill_(DensityPriorLogit);
    }

    internal ResNet18Backbone Backbone => backbone;

    /// <summary>The parameters that take part in <see cref="forward"/>: the backbone's first three stages and the heads.</summary>
    internal IEnumerable<Parameter> UsedParameters =>
        backbone.MidLevelParameters
            .Concat(lateral8.parameters())
            .Concat(lateral16.parameters())
            .Concat(merge.parameters())
            .Concat(merge_norm.parameters())
            .Concat(heads.parameters());

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        (Tensor stride8, Tensor stride16) = backbone.MidLevelFeatures(input);
        Tensor coarse = nn.functional.interpolate(
            lateral16.forward(stride16), [stride8.shape[2], stride8.shape[3]], mode: InterpolationMode.Nearest);
        Tensor x = nn.functional.relu(lateral8.forward(stride8) + coarse);
        x = nn.functional.relu(merge_norm.forward(merge.forward(x)));
        return heads.forward(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            lateral8.Dispose();
            lateral16.Dispose();
            merge.Dispose();
            merge_norm.Dispose();
            heads.Dispose();
        }

        base.Dispose(disposing);
    }
}
