using System.Buffers.Binary;
using SkiaSharp;
using Skinsight.Testing;

namespace Skinsight.Vision.Tests;

/// <summary>Builds test images in memory with SkiaSharp.</summary>
internal static class TestImages
{
    /// <summary>A light skin colour, well inside the skin classifier's range.</summary>
    public static readonly SKColor Skin = new(208, 144, 112);

    /// <summary>Returns an image of <paramref name="width"/> x <paramref name="height"/> drawn by <paramref name="draw"/>.</summary>
    public static SKBitmap Draw(int width, int height, Action<SKCanvas> draw)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        draw(canvas);
        return bitmap;
    }

    /// <summary>Returns a solid image of one colour.</summary>
    public static SKBitmap Solid(int width, int height, SKColor colour) =>
        Draw(width, height, canvas => canvas.Clear(colour));

    /// <summary>
    /// Returns a skin-coloured field with seeded noise of +-<paramref name="amplitude"/> per channel, so it has
    /// texture and sharpness like real skin.
    /// </summary>
    public static SKBitmap NoisySkin(int width, int height, int amplitude = 12, int seed = 1) =>
        Noisy(width, height, (_, _) => Skin, amplitude, seed);

    /// <summary>
    /// Returns an image whose pixel (x, y) is <paramref name="colourAt"/>(x, y) plus seeded noise of
    /// +-<paramref name="amplitude"/> per channel; transparent colours stay transparent.
    /// </summary>
    public static SKBitmap Noisy(int width, int height, Func<int, int, SKColor> colourAt, int amplitude = 12, int seed = 1)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Span<byte> pixels = bitmap.GetPixelSpan();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                SKColor colour = colourAt(x, y);
                int n = random.Next(-amplitude, amplitude + 1);
                int i = (y * bitmap.RowBytes) + (4 * x);
                bool clear = colour.Alpha == 0;
                pixels[i] = clear ? (byte)0 : (byte)Math.Clamp(colour.Red + n, 0, 255);
                pixels[i + 1] = clear ? (byte)0 : (byte)Math.Clamp(colour.Green + n, 0, 255);
                pixels[i + 2] = clear ? (byte)0 : (byte)Math.Clamp(colour.Blue + n, 0, 255);
                pixels[i + 3] = colour.Alpha;
            }
        }

        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 95)
    {
        using SKData data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Png(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(SKBitmap bitmap, int quality = 95) => Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);

    /// <summary>Returns <paramref name="png"/> with its IHDR width and height replaced and the chunk's CRC fixed.</summary>
    public static byte[] WithPngHeaderSize(byte[] png, int width, int height)
    {
        byte[] patched = (byte[])png.Clone();

        // Signature (8 bytes), then the IHDR chunk: length (4), type (4), width (4), height (4), ..., CRC.
        BinaryPrimitives.WriteInt32BigEndian(patched.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(patched.AsSpan(20), height);
        int length = BinaryPrimitives.ReadInt32BigEndian(patched.AsSpan(8));
        uint crc = Crc32(patched.AsSpan(12, 4 + length));
        BinaryPrimitives.WriteUInt32BigEndian(patched.AsSpan(16 + length), crc);
        return patched;
    }

    /// <summary>Returns <paramref name="jpeg"/> with an EXIF block holding only the Orientation tag.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation) => ExifJpeg.WithOrientation(jpeg, orientation);

    public static byte[] ReadTestData(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
