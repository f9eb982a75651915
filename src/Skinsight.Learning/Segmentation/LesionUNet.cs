using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Segmentation;

/// <summary>
/// A compact U-Net that maps a downscaled dermoscopy image to one lesion logit per pixel.
/// </summary>
/// <remarks>
/// Input is RGB 0-255, [N, 3, H, W], with H and W multiples of 8. The encoder has four levels of two 3x3
/// convolutions with batch norm and ReLU (width, 2, 4 and 8 times width channels) with 2x2 max-pools between them.
/// The last level is the bottleneck. Each decoder level upsamples bilinearly, concatenates the encoder's features of
/// that size and applies two more convolutions. A 1x1 convolution gives the logit. Output is [N, H, W].
/// </remarks>
public sealed class LesionUNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _encoder1;
    private readonly Sequential _encoder2;
    private readonly Sequential _encoder3;
    private readonly Sequential _bottleneck;
    private readonly Sequential _decoder3;
    private readonly Sequential _decoder2;
    private readonly Sequential _decoder1;
    private readonly Conv2d _head;

    /// <param name="width">Channels of the first level. Deeper levels have 2, 4 and 8 times as many.</param>
    public LesionUNet(int width = 16)
        : base(nameof(LesionUNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        _encoder1 = DoubleConv(3, width);
        _encoder2 = DoubleConv(width, 2 * width);
        _encoder3 = DoubleConv(2 * width, 4 * width);
        _bottleneck = DoubleConv(4 * width, 8 * width);
        _decoder3 = DoubleConv(12 * width, 4 * width);
        _decoder2 = DoubleConv(6 * width, 2 * width);
        _decoder1 = DoubleConv(3 * width, width);
        _head = nn.Conv2d(width, 1, 1);
        RegisterComponents();
    }

    public int Width { get; }

    /// <summary>Returns the lesion logit of every pixel of <paramref name="input"/> ([N, 3, H, W], RGB 0-255).</summary>
    /// <exception cref="ArgumentException">The input is not [N, 3, H, W] with H and W multiples of 8.</exception>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != 3 || input.shape[2] % 8 != 0 || input.shape[3] % 8 != 0)
        {
            throw new ArgumentException(
                $"The input must be [N, 3, H, W] with H and W multiples of 8, not [{string.Join(", ", input.shape)}].",
                nameof(input));
        }

        using var scope = NewDisposeScope();
        // Maps 0-255 to about -2..2, centred on mid-grey.
        Tensor x = (input / 63.75) - 2;
        Tensor level1 = _encoder1.forward(x);
        Tensor level2 = _encoder2.forward(nn.functional.max_pool2d(level1, 2));
        Tensor level3 = _encoder3.forward(nn.functional.max_pool2d(level2, 2));
        Tensor bottom = _bottleneck.forward(nn.functional.max_pool2d(level3, 2));

        Tensor up3 = _decoder3.forward(cat([Upsample(bottom, level3), level3], 1));
        Tensor up2 = _decoder2.forward(cat([Upsample(up3, level2), level2], 1));
        Tensor up1 = _decoder1.forward(cat([Upsample(up2, level1), level1], 1));
        return _head.forward(up1).squeeze(1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encoder1.Dispose();
            _encoder2.Dispose();
            _encoder3.Dispose();
            _bottleneck.Dispose();
            _decoder3.Dispose();
            _decoder2.Dispose();
            _decoder1.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Tensor Upsample(Tensor coarse, Tensor like) => nn.functional.interpolate(
        coarse, [like.shape[2], like.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);

    private static Sequential DoubleConv(long input, long output) => nn.Sequential(
        ("conv1", nn.Conv2d(input, output, 3, padding: 1, bias: false)),
        ("norm1", nn.BatchNorm2d(output)),
        ("relu1", nn.ReLU(inplace: true)),
        ("conv2", nn.Conv2d(output, output, 3, padding: 1, bias: false)),
        ("norm2", nn.BatchNorm2d(output)),
        ("relu2", nn.ReLU(inplace: true)));
}
