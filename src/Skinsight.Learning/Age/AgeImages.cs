using SkiaSharp;

namespace Skinsight.Learning.Age;

/// <summary>
/// Brings face crops to the network's input: the whole crop is scaled to 72x72, training cuts a random 64x64 window
/// from it, and evaluation and inference cut the centred one.
/// </summary>
/// <remarks>Images are kept as RGB bytes, channel-major [3, 72, 72], to save memory.</remarks>
public static class AgeImages
{
    /// <summary>Side the whole crop is scaled to before the 64x64 window is cut.</summary>
    public const int StoredSize = 72;

    /// <summary>Offset of the centred window within the stored image.</summary>
    public const int CentreOffset = (StoredSize - AgeNetwork.InputSize) / 2;

    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Decodes every image in parallel and returns their stored forms back to back.</summary>
    /// <exception cref="InvalidImageException">An image cannot be decoded.</exception>
    public static byte[] Load(IReadOnlyList<AgeSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int length = 3 * StoredSize * StoredSize;
        var images = new byte[samples.Count * length];
        Parallel.For(0, samples.Count, i =>
        {
            using SKBitmap bitmap = SKBitmap.Decode(samples[i].ImagePath)
                ?? throw new InvalidImageException(
                    $"The image {samples[i].ImagePath} could not be decoded; use a JPEG, PNG or WebP file.");
            Scale(bitmap).CopyTo(images, i * length);
        });
        return images;
    }

    /// <summary>Scales the whole of <paramref name="bitmap"/> to 72x72 and returns its RGB bytes, channel-major.</summary>
    public static byte[] Scale(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var scaled = new SKBitmap(new SKImageInfo(StoredSize, StoredSize, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!bitmap.ScalePixels(scaled, s_sampling))
        {
            throw new InvalidImageException($"Scaling a {bitmap.Width}x{bitmap.Height} image to {StoredSize}x{StoredSize} failed.");
        }

        ReadOnlySpan<byte> rgba = scaled.GetPixelSpan();
        const int plane = StoredSize * StoredSize;
        var rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            rgb[i] = rgba[4 * i];
            rgb[plane + i] = rgba[(4 * i) + 1];
            rgb[(2 * plane) + i] = rgba[(4 * i) + 2];
        }

        return rgb;
    }
}
