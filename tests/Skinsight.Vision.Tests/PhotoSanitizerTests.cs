using SkiaSharp;
using Skinsight.Testing;
using Skinsight.Vision.Decoding;

namespace Skinsight.Vision.Tests;

public class PhotoSanitizerTests
{
    [Fact]
    public void Reencode_JpegWithGpsExif_DropsAllMetadata()
    {
        using var bitmap = TestImages.NoisySkin(640, 480);
        byte[] withGps = ExifJpeg.WithGps(TestImages.Jpeg(bitmap), 48.8584, 2.2945);
        using (var codec = SKCodec.Create(SKData.CreateCopy(withGps)))
        {
            Assert.NotNull(codec);
        }

        byte[] stored = PhotoSanitizer.Reencode(withGps);

        Assert.True(ExifJpeg.ContainsExif(withGps));
        Assert.False(ExifJpeg.ContainsExif(stored));
        Assert.Equal(-1, stored.AsSpan().IndexOf([(byte)0xFF, (byte)0xE1]));
        using var decoded = SKBitmap.Decode(stored);
        Assert.Equal(640, decoded.Width);
        Assert.Equal(480, decoded.Height);
    }

    [Fact]
    public void Reencode_ExifOrientation6_StoresUprightPixels()
    {
        using var bitmap = TestImages.NoisySkin(640, 480);
        byte[] rotated = TestImages.WithExifOrientation(TestImages.Jpeg(bitmap), 6);

        byte[] stored = PhotoSanitizer.Reencode(rotated);

        using var decoded = SKBitmap.Decode(stored);
        Assert.Equal(480, decoded.Width);
        Assert.Equal(640, decoded.Height);
        Assert.False(stored.AsSpan().IndexOf("Exif\0\0"u8) >= 0);
    }

    [Fact]
    public void Reencode_PngWithAlpha_KeepsPng()
    {
        using var bitmap = TestImages.Draw(200, 200, canvas => canvas.Clear(new SKColor(200, 150, 120, 128)));

        byte[] stored = PhotoSanitizer.Reencode(TestImages.Png(bitmap));

        Assert.Equal(0x89, stored[0]);
        Assert.Equal((byte)'P', stored[1]);
    }

    [Fact]
    public void Reencode_HeaderOf50000Square_ThrowsBeforeDecoding()
    {
        using var small = TestImages.NoisySkin(100, 100);
        byte[] png = TestImages.WithPngHeaderSize(TestImages.Png(small), 50_000, 50_000);

        var error = Assert.Throws<InvalidImageException>(() => PhotoSanitizer.Reencode(png));

        Assert.Contains("50000x50000", error.Message, StringComparison.Ordinal);
    }
}
