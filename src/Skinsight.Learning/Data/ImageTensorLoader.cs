using SkiaSharp;

namespace Skinsight.Learning.Data;

/// <summary>Decodes photos into the float layout the networks take: RGB values 0-255, channel-major [3, size, size].</summary>
/// <remarks>
/// Images are resized to a square without cropping, so a 200x150 dermoscopy image is stretched vertically, as
/// MedMNIST does for DermaMNIST.
/// </remarks>
public static class ImageTensorLoader
{
    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Decodes the image file at <paramref name="path"/> and resizes it to <paramref name="size"/> x <paramref name="size"/>.</summary>
    /// <exception cref="InvalidImageException">The file is missing, cannot be decoded or is larger than <see cref="ImageFileDecoding.MaxPixels"/>.</exception>
    public static float[] Load(string path, int size)
    {
        if (!File.Exists(path))
        {
            throw new InvalidImageException($"The image {path} was not found.");
        }

        using SKBitmap? bitmap = ImageFileDecoding.Decode(path);
        if (bitmap is null)
        {
            throw new InvalidImageException($"The image {path} could not be decoded; use a JPEG, PNG or WebP file.");
        }

        return FromBitmap(bitmap, size);
    }

    /// <summary>Resizes <paramref name="bitmap"/> to <paramref name="size"/> x <paramref name="size"/> and returns its RGB values.</summary>
    public static float[] FromBitmap(SKBitmap bitmap, int size)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);

        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var resized = new SKBitmap(info);
        if (!bitmap.ScalePixels(resized, s_sampling))
        {
            throw new InvalidImageException($"Resizing a {bitmap.Width}x{bitmap.Height} image to {size}x{size} failed.");
        }

        ReadOnlySpan<byte> rgba = resized.GetPixelSpan();
        int plane = size * size;
        var values = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            values[i] = rgba[4 * i];
            values[plane + i] = rgba[(4 * i) + 1];
            values[(2 * plane) + i] = rgba[(4 * i) + 2];
        }

        return values;
    }
}
