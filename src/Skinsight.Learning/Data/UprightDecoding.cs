using SkiaSharp;

namespace Skinsight.Learning.Data;

/// <summary>Decoding of photos for the learned models, turned upright by their EXIF orientation.</summary>
public static class UprightDecoding
{
    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Decodes <paramref name="photo"/> with its longer side at most <paramref name="maxSide"/> pixels and turns it
    /// upright, or returns null when it cannot be decoded. A truncated photo keeps the rows that were decoded.
    /// <paramref name="path"/>, when given, names the file in errors.
    /// </summary>
    /// <exception cref="InvalidImageException">
    /// The size the codec decodes to is above <see cref="ImageFileDecoding.MaxPixels"/> or
    /// <see cref="ImageFileDecoding.MaxSide"/>. PNG does not scale while decoding, so a large PNG keeps its full size.
    /// </exception>
    public static SKBitmap? Decode(ReadOnlySpan<byte> photo, int maxSide, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        using var data = SKData.CreateCopy(photo);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return null;
        }

        float scale = Math.Min(1f, (float)maxSide / Math.Max(codec.Info.Width, codec.Info.Height));
        SKSizeI size = codec.GetScaledDimensions(scale);
        ImageFileDecoding.ThrowIfTooLarge(size.Width, size.Height, path);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var stored = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, stored.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            stored.Dispose();
            return null;
        }

        SKEncodedOrigin origin = codec.EncodedOrigin;
        if (origin is SKEncodedOrigin.TopLeft)
        {
            return stored;
        }

        using (stored)
        {
            bool swaps = SwapsAxes(origin);
            int width = swaps ? size.Height : size.Width;
            int height = swaps ? size.Width : size.Height;
            var upright = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            using var canvas = new SKCanvas(upright);
            canvas.Concat(UprightMatrix(origin, width, height));
            using var image = SKImage.FromBitmap(stored);
            canvas.DrawImage(image, 0, 0, s_sampling);
            canvas.Flush();
            return upright;
        }
    }

    /// <summary>True when the orientation swaps width and height (EXIF 5-8).</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom
            or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// Returns the matrix that maps stored pixel coordinates to upright ones for an image shown as
    /// <paramref name="width"/> x <paramref name="height"/> upright.
    /// </summary>
    public static SKMatrix UprightMatrix(SKEncodedOrigin origin, float width, float height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
