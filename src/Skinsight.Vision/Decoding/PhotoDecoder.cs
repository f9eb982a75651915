using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;
using SkiaSharp;

namespace Skinsight.Vision.Decoding;

/// <summary>
/// Decodes JPEG, PNG and WebP photos safely. The format is sniffed from the bytes, and the size is checked from the
/// header before any pixel memory is allocated. The EXIF orientation is applied and the result is downscaled to the
/// working size. Animated WebP photos give their first frame.
/// </summary>
internal static class PhotoDecoder
{
    private const byte CompositeGrey = 128;

    /// <summary>Largest ratio of the longer to the shorter side; longer strips shrink to a few pixels across at the
    /// working size.</summary>
    private const int MaxAspectRatio = 8;

    /// <summary>
    /// Checks that <paramref name="photo"/> decodes as <see cref="Decode"/> would, covering the format, the header,
    /// the pixel limits and every row of pixel data at the reduced size the codec decodes natively. It skips the
    /// resize, the orientation and the colour conversion.
    /// </summary>
    /// <exception cref="InvalidImageException">The bytes are not a usable image.</exception>
    public static void CheckDecodes(ReadOnlySpan<byte> photo, SkinAnalyzerOptions options)
    {
        if (photo.IsEmpty)
        {
            throw new InvalidImageException("The photo is empty (0 bytes): send a JPEG, PNG or WebP file.");
        }

        string name = FormatName(ImageFormatSniffer.Sniff(photo));
        using var data = SKData.CreateCopy(photo);
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException(
            $"The {name} file is corrupt or truncated before the end of its header: export the photo again and send the new file.");
        CheckDimensions(codec.Info.Width, codec.Info.Height, options);
        bool hasAlpha = codec.Info.AlphaType != SKAlphaType.Opaque;
        using Mat pixels = DecodePixels(codec, hasAlpha, name, options.WorkingSize);
    }

    /// <summary>Decodes <paramref name="photo"/> into an upright working image.</summary>
    /// <exception cref="InvalidImageException">The bytes are not a usable image.</exception>
    public static DecodedPhoto Decode(ReadOnlySpan<byte> photo, SkinAnalyzerOptions options)
    {
        if (photo.IsEmpty)
        {
            throw new InvalidImageException("The photo is empty (0 bytes): send a JPEG, PNG or WebP file.");
        }

        PhotoFormat format = ImageFormatSniffer.Sniff(photo);
        string name = FormatName(format);

        using var data = SKData.CreateCopy(photo);
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException(
            $"The {name} file is corrupt or truncated before the end of its header: export the photo again and send the new file.");

        SKImageInfo header = codec.Info;
        CheckDimensions(header.Width, header.Height, options);

        SKEncodedOrigin origin = codec.EncodedOrigin;
        bool swaps = Orientation.SwapsAxes(origin);
        var info = new ImageInfo(
            name.ToLowerInvariant(),
            swaps ? header.Height : header.Width,
            swaps ? header.Width : header.Height,
            Orientation.ExifValue(origin));

        bool hasAlpha = header.AlphaType != SKAlphaType.Opaque;
        using Mat stored = DecodePixels(codec, hasAlpha, name, options.WorkingSize);
        using Mat working = ResizeToWorkingSize(stored, options.WorkingSize);
        using Mat upright = Orientation.Apply(working, origin);

        return hasAlpha ? SplitAlpha(upright, info) : ToBgr(upright, info);
    }

    private static string FormatName(PhotoFormat format) => format switch
    {
        PhotoFormat.Jpeg => "JPEG",
        PhotoFormat.Png => "PNG",
        _ => "WebP",
    };

    private static void CheckDimensions(int width, int height, SkinAnalyzerOptions options)
    {
        long pixels = (long)width * height;
        if (pixels > options.MaxPixels || Math.Max(width, height) > options.MaxSide)
        {
            throw new InvalidImageException(
                $"The image is {width}x{height} pixels ({pixels / 1e6:F1} megapixels), above the limit of " +
                $"{options.MaxPixels / 1e6:F0} megapixels and {options.MaxSide} px per side: " +
                "resize it to at most 4000 px on its longest side and send it again.");
        }

        if (Math.Max(width, height) > MaxAspectRatio * Math.Min(width, height))
        {
            throw new InvalidImageException(
                $"The image is {width}x{height} pixels, its long side more than {MaxAspectRatio} times its short side: " +
                "crop it to the face or the skin area and send it again.");
        }

        if (Math.Min(width, height) < options.MinSide)
        {
            throw new InvalidImageException(
                $"The image is {width}x{height} pixels, below the minimum of {options.MinSide} px per side: " +
                "send a photo at least 480 px on its shortest side.");
        }
    }

    /// <summary>
    /// Decodes the stored pixels as 8-bit RGBA in sRGB, at the smallest size the codec can scale to natively (JPEG
    /// DCT scaling, WebP) that is still at least the working size. Returns a CV_8UC4 image in stored orientation.
    /// </summary>
    private static Mat DecodePixels(SKCodec codec, bool hasAlpha, string name, int workingSize)
    {
        SKSizeI size = ChooseDecodeSize(codec, workingSize);
        var target = new SKImageInfo(
            size.Width,
            size.Height,
            SKColorType.Rgba8888,
            hasAlpha ? SKAlphaType.Unpremul : SKAlphaType.Opaque,
            SKColorSpace.CreateSrgb());

        var rgba = new Mat(size.Height, size.Width, MatType.CV_8UC4, Scalar.All(0));
        SKCodecResult result = codec.GetPixels(target, rgba.Data, (int)rgba.Step(), new SKCodecOptions(0));
        if (result == SKCodecResult.Success)
        {
            return rgba;
        }

        rgba.Dispose();
        throw new InvalidImageException(result switch
        {
            SKCodecResult.IncompleteInput =>
                $"The {name} image is truncated (its data ends before the last row): send the complete file.",
            SKCodecResult.ErrorInInput =>
                $"The {name} image data is corrupt: export the photo again and send the new file.",
            _ => $"The {name} image could not be decoded ({result}): convert it to an 8-bit JPEG or PNG and send it again.",
        });
    }

    private static SKSizeI ChooseDecodeSize(SKCodec codec, int workingSize)
    {
        SKSizeI full = codec.Info.Size;
        int longest = Math.Max(full.Width, full.Height);
        if (longest <= workingSize)
        {
            return full;
        }

        // Try the coarsest native scale first; JPEG supports 1/8, 1/4 and 1/2 without decoding the full image.
        foreach (float scale in (ReadOnlySpan<float>)[0.125f, 0.25f, 0.5f])
        {
            SKSizeI scaled = codec.GetScaledDimensions(scale);
            if (Math.Max(scaled.Width, scaled.Height) >= workingSize && scaled != full)
            {
                return scaled;
            }
        }

        return full;
    }

    private static Mat ResizeToWorkingSize(Mat image, int workingSize)
    {
        int longest = Math.Max(image.Width, image.Height);
        if (longest <= workingSize)
        {
            return image.Clone();
        }

        double factor = (double)workingSize / longest;
        var size = new Size(
            Math.Max(1, (int)Math.Round(image.Width * factor)),
            Math.Max(1, (int)Math.Round(image.Height * factor)));
        var resized = new Mat();
        Cv2.Resize(image, resized, size, 0, 0, InterpolationFlags.Area);
        return resized;
    }

    private static DecodedPhoto ToBgr(Mat rgba, ImageInfo info)
    {
        var bgr = new Mat();
        Cv2.CvtColor(rgba, bgr, ColorConversionCodes.RGBA2BGR);
        return new DecodedPhoto(bgr, null, info);
    }

    /// <summary>Composites a photo with alpha over mid grey and keeps a mask of its opaque part.</summary>
    private static DecodedPhoto SplitAlpha(Mat rgba, ImageInfo info)
    {
        var bgr = new Mat(rgba.Size(), MatType.CV_8UC3);
        var opaque = new Mat(rgba.Size(), MatType.CV_8UC1);
        int rgbaRows = rgba.Rows;
        int cols = rgba.Cols;
        for (int y = 0; y < rgbaRows; y++)
        {
            ReadOnlySpan<byte> source = MatSpans.Row<byte>(rgba, y);
            Span<byte> target = MatSpans.Row<byte>(bgr, y);
            Span<byte> mask = MatSpans.Row<byte>(opaque, y);
            for (int x = 0; x < cols; x++)
            {
                int alpha = source[(4 * x) + 3];
                for (int c = 0; c < 3; c++)
                {
                    int value = (source[(4 * x) + c] * alpha) + (CompositeGrey * (255 - alpha));
                    target[(3 * x) + 2 - c] = (byte)((value + 127) / 255);
                }

                mask[x] = alpha >= 128 ? (byte)255 : (byte)0;
            }
        }

        return new DecodedPhoto(bgr, opaque, info);
    }
}
