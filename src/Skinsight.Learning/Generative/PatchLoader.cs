using SkiaSharp;
using Skinsight.Learning.Data;

namespace Skinsight.Learning.Generative;

/// <summary>Cuts the centred square of each image and scales it to a small patch, kept as bytes to save memory.</summary>
/// <remarks>
/// HAM10000 images centre the lesion, so the centred square holds the lesion and the skin around it. Patches are
/// laid out channel-major, RGB, [3, size, size] per image.
/// </remarks>
public static class PatchLoader
{
    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Decodes every image in parallel and returns their patches back to back.</summary>
    /// <exception cref="InvalidImageException">An image is missing, cannot be decoded or is larger than <see cref="ImageFileDecoding.MaxPixels"/>.</exception>
    public static byte[] Load(IReadOnlyList<LabeledImage> images, int size)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        int length = 3 * size * size;
        var patches = new byte[images.Count * length];
        ParallelDecoding.For(images.Count, i =>
        {
            using SKBitmap bitmap = ImageFileDecoding.Decode(images[i].ImagePath)
                ?? throw new InvalidImageException(
                    $"The image {images[i].ImagePath} could not be decoded; use a JPEG, PNG or WebP file.");
            CentredPatch(bitmap, size).CopyTo(patches, i * length);
        });
        return patches;
    }

    /// <summary>Returns the centred square of <paramref name="bitmap"/> scaled to <paramref name="size"/> pixels.</summary>
    public static byte[] CentredPatch(SKBitmap bitmap, int size)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        int side = Math.Min(bitmap.Width, bitmap.Height);
        var square = SKRectI.Create((bitmap.Width - side) / 2, (bitmap.Height - side) / 2, side, side);
        using var cropped = new SKBitmap();
        if (!bitmap.ExtractSubset(cropped, square))
        {
            throw new InvalidImageException($"Cutting the centred {side}x{side} square of a {bitmap.Width}x{bitmap.Height} image failed.");
        }

        using var scaled = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!cropped.ScalePixels(scaled, s_sampling))
        {
            throw new InvalidImageException($"Scaling a {side}x{side} square to {size}x{size} failed.");
        }

        ReadOnlySpan<byte> rgba = scaled.GetPixelSpan();
        int plane = size * size;
        var patch = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            patch[i] = rgba[4 * i];
            patch[plane + i] = rgba[(4 * i) + 1];
            patch[(2 * plane) + i] = rgba[(4 * i) + 2];
        }

        return patch;
    }
}
