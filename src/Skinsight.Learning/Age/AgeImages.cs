using System.Globalization;
using SkiaSharp;
using Skinsight.Learning.Data;

namespace Skinsight.Learning.Age;

/// <summary>
/// Brings face crops to the network's input. The whole crop is scaled to 9/8 of the input side (72x72 for a 64x64
/// input). Training cuts a random window of the input side from it; evaluation and inference cut the centred one.
/// </summary>
/// <remarks>Images are kept as RGB bytes, channel-major [3, stored, stored], to save memory.</remarks>
public static class AgeImages
{
    /// <summary>Side the whole crop is scaled to before a window of <paramref name="inputSize"/> is cut.</summary>
    public static int StoredSizeFor(int inputSize) => inputSize + (inputSize / 8);

    /// <summary>Offset of the centred window within the stored image.</summary>
    public static int CentreOffsetFor(int inputSize) => (StoredSizeFor(inputSize) - inputSize) / 2;

    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Decodes every image in parallel and returns their stored forms back to back.</summary>
    /// <exception cref="InvalidImageException">An image cannot be decoded or is larger than <see cref="ImageFileDecoding.MaxPixels"/>.</exception>
    /// <exception cref="DataSetException">The images would not fit in one array.</exception>
    public static byte[] Load(IReadOnlyList<AgeSample> samples, int storedSize)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int length = 3 * storedSize * storedSize;
        long total = (long)samples.Count * length;
        if (total > Array.MaxLength)
        {
            throw new DataSetException(string.Create(CultureInfo.InvariantCulture,
                $"{samples.Count} images at {storedSize}x{storedSize} px need {total / 1e9:F1} GB, more than one array "
                + $"holds ({Array.MaxLength / 1e9:F1} GB); use a smaller input size or a folder with fewer rows."));
        }

        var images = new byte[total];
        ParallelDecoding.For(samples.Count, i =>
        {
            using SKBitmap bitmap = ImageFileDecoding.Decode(samples[i].ImagePath)
                ?? throw new InvalidImageException(
                    $"The image {samples[i].ImagePath} could not be decoded; use a JPEG, PNG or WebP file.");
            Scale(bitmap, storedSize).CopyTo(images, i * length);
        });
        return images;
    }

    /// <summary>
    /// Scales the whole of <paramref name="bitmap"/> to <paramref name="storedSize"/> pixels square and returns its RGB
    /// bytes, channel-major.
    /// </summary>
    public static byte[] Scale(SKBitmap bitmap, int storedSize)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var scaled = new SKBitmap(new SKImageInfo(storedSize, storedSize, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!bitmap.ScalePixels(scaled, s_sampling))
        {
            throw new InvalidImageException($"Scaling a {bitmap.Width}x{bitmap.Height} image to {storedSize}x{storedSize} failed.");
        }

        ReadOnlySpan<byte> rgba = scaled.GetPixelSpan();
        int plane = storedSize * storedSize;
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
