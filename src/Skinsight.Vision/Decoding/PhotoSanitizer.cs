using OpenCvSharp;
using SkiaSharp;

namespace Skinsight.Vision.Decoding;

/// <summary>
/// Re-encodes a photo for storage, so that no metadata of the original file is kept: EXIF (GPS position, camera,
/// time), XMP, ICC profiles, comments and any bytes after the image data are all dropped.
/// </summary>
public static class PhotoSanitizer
{
    /// <summary>JPEG quality of the stored copy; high, so that a later re-analysis measures nearly the same pixels.</summary>
    public const int JpegQuality = 95;

    /// <summary>
    /// Decodes <paramref name="photo"/> at full size with the same header checks as analysis, turns it upright
    /// by its EXIF orientation, and encodes it again: as PNG when it has transparency, else as JPEG.
    /// </summary>
    /// <exception cref="InvalidImageException">The bytes are not a usable image.</exception>
    public static byte[] Reencode(ReadOnlySpan<byte> photo, SkinAnalyzerOptions? options = null)
    {
        options ??= new SkinAnalyzerOptions();
        if (photo.IsEmpty)
        {
            throw new InvalidImageException("The photo is empty (0 bytes): send a JPEG, PNG or WebP file.");
        }

        string name = ImageFormatSniffer.Sniff(photo).ToString().ToUpperInvariant();
        using var data = SKData.CreateCopy(photo);
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException(
            $"The {name} file is corrupt or truncated before the end of its header: export the photo again and send the new file.");
        SKImageInfo header = codec.Info;
        if ((long)header.Width * header.Height > options.MaxPixels || Math.Max(header.Width, header.Height) > options.MaxSide)
        {
            throw new InvalidImageException(
                $"The image is {header.Width}x{header.Height} pixels, above the limit of {options.MaxPixels / 1e6:F0} megapixels and {options.MaxSide} px per side: resize it and send it again.");
        }

        bool hasAlpha = header.AlphaType != SKAlphaType.Opaque;
        var target = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888,
            hasAlpha ? SKAlphaType.Unpremul : SKAlphaType.Opaque, SKColorSpace.CreateSrgb());
        using var rgba = new Mat(header.Height, header.Width, MatType.CV_8UC4, Scalar.All(0));
        SKCodecResult result = codec.GetPixels(target, rgba.Data, (int)rgba.Step(), new SKCodecOptions(0));
        if (result != SKCodecResult.Success)
        {
            throw new InvalidImageException(
                $"The {name} image could not be decoded for storage ({result}): export the photo again and send the new file.");
        }

        using Mat upright = Orientation.Apply(rgba, codec.EncodedOrigin);
        using var converted = new Mat();
        Cv2.CvtColor(upright, converted, hasAlpha ? ColorConversionCodes.RGBA2BGRA : ColorConversionCodes.RGBA2BGR);
        return hasAlpha
            ? converted.ImEncode(".png")
            : converted.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, JpegQuality));
    }
}
