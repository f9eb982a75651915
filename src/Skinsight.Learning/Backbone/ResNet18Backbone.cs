using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Backbone;

/// <summary>
/// The CNTK-style ResNet-18 of <c>ResNet18.onnx</c> (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0) as a
/// TorchSharp module: a 7x7 stride-2 stem padded 3 before and 2 after, a 3x3 stride-2 max-pool padded 1 before and
/// 0 after, residual stages of 2, 2, 2 and 3 blocks (64, 128, 256, 512 channels), and global average pooling.
/// </summary>
/// <remarks>
/// <see cref="forward"/> takes RGB images with values 0-255, shape [N, 3, H, W], and returns [N, 512] features.
/// It converts to BGR and subtracts the mean image itself, as <c>ResNetPreprocess.onnx</c> does, resizing the
/// 224x224 mean image bilinearly when H or W differ. The ONNX graph ends in a fixed 7x7 average pool, which equals
/// the global average used here only at 224x224 input. Field names carry no underscore because
/// <c>RegisterComponents</c> turns them into state-dict keys.
/// </remarks>
public sealed class ResNet18Backbone : nn.Module<Tensor, Tensor>
{
    /// <summary>Input side length the pretrained weights were trained at.</summary>
    public const int PretrainedSize = 224;

    /// <summary>Length of the feature vector.</summary>
    public const int FeatureCount = 512;

    private static readonly int[] s_blocksPerStage = [2, 2, 2, 3];
    private static readonly long[] s_channelsPerStage = [64, 128, 256, 512];

    private readonly ConvBatchNorm stem;
    private readonly ModuleList<BasicBlock> blocks;
    private readonly Tensor mean_image;

    /// <summary>Number of residual stages of the full network.</summary>
    public const int StageCount = 4;

    /// <param name="stages">
    /// Residual stages to build, 1 to <see cref="StageCount"/>. Networks that read only
    /// <see cref="MidLevelFeatures"/> build 3 and leave out the last stage's weights (about 8.4 million of 11.7
    /// million); <see cref="forward"/> then ends after the last stage built.
    /// </param>
    public ResNet18Backbone(int stages = StageCount)
        : base(nameof(ResNet18Backbone))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stages, StageCount);
        Stages = stages;
        stem = new ConvBatchNorm("stem", new ConvSpec(3, 64, 7, 2, 3, 2));
        blocks = nn.ModuleList<BasicBlock>();
        long inChannels = 64;
        for (int stage = 0; stage < stages; stage++)
        {
            for (int block = 0; block < s_blocksPerStage[stage]; block++)
            {
                long stride = stage > 0 && block == 0 ? 2 : 1;
                blocks.Add(new BasicBlock($"stage{stage + 1}.{block + 1}", inChannels, s_channelsPerStage[stage], stride));
                inChannels = s_channelsPerStage[stage];
            }
        }

        mean_image = zeros(1, 3, PretrainedSize, PretrainedSize);
        RegisterComponents();
    }

    /// <summary>Residual stages this backbone has.</summary>
    public int Stages { get; }

    /// <summary>The convolutions in the order <c>ResNet18.onnx</c> lists its Conv nodes.</summary>
    internal IEnumerable<ConvBatchNorm> ConvolutionsInGraphOrder =>
        blocks.SelectMany(b => b.ConvolutionsInGraphOrder).Prepend(stem);

    /// <summary>The stem convolution, frozen with the first blocks when fine-tuning keeps early layers fixed.</summary>
    internal ConvBatchNorm Stem => stem;

    /// <summary>The blocks in forward order, so that fine-tuning can freeze the early ones.</summary>
    internal IReadOnlyList<BasicBlock> Blocks => [.. blocks];

    /// <summary>Replaces the BGR mean image (shape [1, 3, 224, 224], values 0-255) subtracted from every input.</summary>
    /// <exception cref="ArgumentException"><paramref name="bgrMean"/> does not have 3 x 224 x 224 values.</exception>
    public void SetMeanImage(float[] bgrMean)
    {
        ArgumentNullException.ThrowIfNull(bgrMean);
        if (bgrMean.Length != 3 * PretrainedSize * PretrainedSize)
        {
            throw new ArgumentException(
                $"The mean image has {bgrMean.Length} values; expected 3 x {PretrainedSize} x {PretrainedSize}.",
                nameof(bgrMean));
        }

        using var disabled = no_grad();
        using Tensor source = tensor(bgrMean, [1, 3, PretrainedSize, PretrainedSize]);
        mean_image.copy_(source);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = Preprocess(input);
        x = nn.functional.relu(stem.forward(x));

        // The input is non-negative after ReLU, so zero padding leaves every max unchanged.
        x = nn.functional.pad(x, [1, 0, 1, 0]);
        x = nn.functional.max_pool2d(x, kernel_size: 3, stride: 2);
        foreach (BasicBlock block in blocks)
        {
            x = block.forward(x);
        }

        x = nn.functional.adaptive_avg_pool2d(x, [1, 1]).flatten(1);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs the first three stages and returns the outputs of stage 2 (128 channels, 1/8 of the input side) and
    /// stage 3 (256 channels, 1/16), for dense heads that need positions. The last stage is not run.
    /// </summary>
    /// <exception cref="InvalidOperationException">The backbone was built with fewer than 3 stages.</exception>
    public (Tensor Stride8, Tensor Stride16) MidLevelFeatures(Tensor input)
    {
        if (Stages < 3)
        {
            throw new InvalidOperationException($"Mid-level features need 3 stages; this backbone has {Stages}.");
        }

        using var scope = NewDisposeScope();
        Tensor x = Preprocess(input);
        x = nn.functional.relu(stem.forward(x));
        x = nn.functional.pad(x, [1, 0, 1, 0]);
        x = nn.functional.max_pool2d(x, kernel_size: 3, stride: 2);
        Tensor? stride8 = null;
        int stageEnd2 = s_blocksPerStage[0] + s_blocksPerStage[1];
        int stageEnd3 = stageEnd2 + s_blocksPerStage[2];
        for (int i = 0; i < stageEnd3; i++)
        {
            x = blocks[i].forward(x);
            if (i == stageEnd2 - 1)
            {
                stride8 = x;
            }
        }

        return (stride8!.MoveToOuterDisposeScope(), x.MoveToOuterDisposeScope());
    }

    /// <summary>The parameters that <see cref="MidLevelFeatures"/> uses: the stem and the first three stages.</summary>
    internal IEnumerable<Parameter> MidLevelParameters =>
        stem.parameters().Concat(blocks.Take(s_blocksPerStage[0] + s_blocksPerStage[1] + s_blocksPerStage[2])
            .SelectMany(b => b.parameters()));

    private Tensor Preprocess(Tensor rgb)
    {
        if (rgb.dim() != 4 || rgb.shape[1] != 3)
        {
            throw new ArgumentException(
                $"Expected RGB images of shape [N, 3, H, W]; got [{string.Join(", ", rgb.shape)}].",
                nameof(rgb));
        }

        Tensor bgr = rgb.flip(1);
        Tensor mean = mean_image;
        if (rgb.shape[2] != PretrainedSize || rgb.shape[3] != PretrainedSize)
        {
            mean = nn.functional.interpolate(
                mean_image,
                [rgb.shape[2], rgb.shape[3]],
                mode: InterpolationMode.Bilinear,
                align_corners: false);
        }

        return bgr - mean;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stem.Dispose();
            blocks.Dispose();
            mean_image.Dispose();
        }

        base.Dispose(disposing);
    }
}
