using System.Globalization;
using SkiaSharp;
using Skinsight.Vision;

namespace Skinsight.Learning.Data;

/// <summary>
/// Size limits for the images the model loaders decode, checked from the header before any pixel memory is
/// allocated, so an oversized file in a data folder raises <see cref="InvalidImageException"/> instead of failing
/// the allocation.
/// </summary>
public static class ImageFileDecoding
{
    private static readonly SkinAnalyzerOptions s_analysisDefaults = new();

    /// <summary>Maximum pixels of one decoded image: the photo analysis's default limit, 50 megapixels.</summary>
    public static long MaxPixels => s_analysisDefaults.MaxPixels;

    /// <summary>Maximum length of either side of a decoded image, in pixels: the photo analysis's default limit.</summary>
    public static int MaxSide => s_analysisDefaults.MaxSide;

    /// <summary>
    /// Decodes the image file at <paramref name="path"/> as stored, without turning or scaling it, or returns null
    /// when it is not an image.
    /// </summary>
    /// <exception cref="InvalidImageException">The image is larger than <see cref="MaxPixels"/> or <see cref="MaxSide"/>.</exception>
    public static SKBitmap? Decode(string path)
    {
        using var codec = SKCodec.Create(path);
        if (codec is null)
        {
            return null;
        }

        ThrowIfTooLarge(codec.Info.Width, codec.Info.Height, path);
        return SKBitmap.Decode(codec);
    }

    /// <summary>
    /// Throws when a <paramref name="width"/> x <paramref name="height"/> image is above <see cref="MaxPixels"/> or
    /// <see cref="MaxSide"/>. The message names <paramref name="path"/> when it is given.
    /// </summary>
    /// <exception cref="InvalidImageException">The image is above a limit.</exception>
    public static void ThrowIfTooLarge(int width, int height, string? path)
    {
        long pixels = (long)width * height;
        if (pixels <= MaxPixels && Math.Max(width, height) <= MaxSide)
        {
            return;
        }

        string image = path is null ? "The image" : $"The image {path}";
        throw new InvalidImageException(string.Create(CultureInfo.InvariantCulture,
            $"{image} is {width}x{height} pixels ({pixels / 1e6:F1} megapixels), above the limit of {MaxPixels / 1e6:F0} "
            + $"megapixels and {MaxSide} px per side: resize it to at most 4000 px on its longest side."));
    }
}
