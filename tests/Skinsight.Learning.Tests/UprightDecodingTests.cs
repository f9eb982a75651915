using SkiaSharp;
using Skinsight.Learning.Data;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

public sealed class UprightDecodingTests
{
    [Theory]
    [InlineData(1, 60, 40)]
    [InlineData(3, 60, 40)]
    [InlineData(6, 40, 60)]
    [InlineData(8, 40, 60)]
    public void Decode_ExifOrientation_TurnsUpright(int orientation, int width, int height)
    {
        // Stored 60x40 with a red left half and a blue right half. Shown upright, EXIF 6 puts the stored top row
        // on the right, so the stored left (red) half becomes the top. EXIF 8 puts it at the bottom.
        byte[] jpeg = ExifJpeg.WithOrientation(StoredJpeg(), orientation);

        using SKBitmap? upright = UprightDecoding.Decode(jpeg, 512);

        Assert.NotNull(upright);
        Assert.Equal(width, upright.Width);
        Assert.Equal(height, upright.Height);
        SKColor expectedRed = orientation switch
        {
            1 => upright.GetPixel(5, 20),
            3 => upright.GetPixel(54, 20),
            6 => upright.GetPixel(20, 5),
            _ => upright.GetPixel(20, 54),
        };
        Assert.True(expectedRed.Red > 200, $"red {expectedRed.Red}");
        Assert.True(expectedRed.Blue < 60, $"blue {expectedRed.Blue}");
    }

    [Fact]
    public void Decode_LargePhoto_ScalesLongerSide()
    {
        using SKBitmap? upright = UprightDecoding.Decode(ExifJpeg.WithOrientation(StoredJpeg(), 6), 30);

        Assert.NotNull(upright);
        Assert.Equal(30, Math.Max(upright.Width, upright.Height));
        Assert.True(upright.Height > upright.Width);
    }

    [Fact]
    public void Decode_NotAnImage_ReturnsNull()
    {
        Assert.Null(UprightDecoding.Decode("not a photo"u8, 512));
    }

    [Fact]
    public void Decode_OversizedPng_ThrowsNamingFile()
    {
        byte[] png = Skinsight.Testing.TestImages.PngWithoutRows(30_000, 30_000);

        var error = Assert.Throws<InvalidImageException>(() => UprightDecoding.Decode(png, 1280, "/data/huge.png"));

        Assert.Contains("/data/huge.png", error.Message);
        Assert.Contains("30000x30000", error.Message);
    }

    private static byte[] StoredJpeg()
    {
        using var bitmap = new SKBitmap(60, 40);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(0, 0, 30, 40, red);
            canvas.DrawRect(30, 0, 30, 40, blue);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }
}
