using static TorchSharp.torch;

namespace Skinsight.Learning.Condition;

/// <summary>
/// Random per-image flips, rotations and colour jitter on a batch of RGB images (values 0-255), done with tensor
/// operations so the whole batch is transformed at once.
/// </summary>
/// <remarks>
/// Both flips are used because dermoscopy images have no natural up or left. Rotation uses bilinear resampling
/// with border padding so corners are filled with edge skin, not black.
/// </remarks>
public static class Augmentation
{
    /// <summary>Returns an augmented copy of <paramref name="batch"/>, shape [N, 3, H, W].</summary>
    /// <param name="maxRotationDegrees">Rotations are drawn uniformly from plus or minus this angle.</param>
    /// <param name="colourJitter">Brightness and contrast factors are drawn uniformly from 1 plus or minus this value.</param>
    public static Tensor Apply(Tensor batch, double maxRotationDegrees, double colourJitter, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        long n = batch.shape[0];

        Tensor x = batch;
        Tensor flipH = rand([n, 1, 1, 1], generator: generator) < 0.5;
        x = where(flipH, x.flip(3), x);
        Tensor flipV = rand([n, 1, 1, 1], generator: generator) < 0.5;
        x = where(flipV, x.flip(2), x);

        if (maxRotationDegrees > 0)
        {
            Tensor angle = (rand([n], generator: generator) * 2 - 1) * (maxRotationDegrees * Math.PI / 180);
            Tensor cos = angle.cos();
            Tensor sin = angle.sin();
            Tensor zero = zeros([n]);
            Tensor theta = stack([cos, -sin, zero, sin, cos, zero], 1).reshape(n, 2, 3);
            Tensor grid = nn.functional.affine_grid(theta, [.. x.shape], align_corners: false);
            x = nn.functional.grid_sample(
                x,
                grid,
                mode: GridSampleMode.Bilinear,
                padding_mode: GridSamplePaddingMode.Border,
                align_corners: false);
        }

        if (colourJitter > 0)
        {
            Tensor brightness = 1 + ((rand([n, 1, 1, 1], generator: generator) * 2 - 1) * colourJitter);
            Tensor contrast = 1 + ((rand([n, 1, 1, 1], generator: generator) * 2 - 1) * colourJitter);
            Tensor mean = x.mean([1, 2, 3], keepdim: true);
            x = (((x - mean) * contrast) + mean) * brightness;
            x = x.clamp(0, 255);
        }

        return x.MoveToOuterDisposeScope();
    }
}
