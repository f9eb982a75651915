using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Decoding;
using SkiaSharp;

namespace Skinsight.Vision.Tests;

public sealed class OrientationTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>
{
    /// <summary>
    /// For each EXIF value, where the stored pixel (row r, column c) of an R x C image is shown, written from the
    /// EXIF 2.3 definition: "the 0th row is the visual top/bottom/left/right, the 0th column is the visual
    /// left/right/top/bottom".
    /// </summary>
    private static (int Row, int Col) Shown(int orientation, int r, int c, int rows, int cols) => orientation switch
    {
        1 => (r, c),
        2 => (r, cols - 1 - c),
        3 => (rows - 1 - r, cols - 1 - c),
        4 => (rows - 1 - r, c),
        5 => (c, r),
        6 => (c, rows - 1 - r),
        7 => (cols - 1 - c, rows - 1 - r),
        8 => (cols - 1 - c, r),
        _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
    };

    [Theory]
    [InlineData(SKEncodedOrigin.TopLeft, 1)]
    [InlineData(SKEncodedOrigin.TopRight, 2)]
    [InlineData(SKEncodedOrigin.BottomRight, 3)]
    [InlineData(SKEncodedOrigin.BottomLeft, 4)]
    [InlineData(SKEncodedOrigin.LeftTop, 5)]
    [InlineData(SKEncodedOrigin.RightTop, 6)]
    [InlineData(SKEncodedOrigin.RightBottom, 7)]
    [InlineData(SKEncodedOrigin.LeftBottom, 8)]
    public void Apply_EachOrientation_MovesEveryPixelWhereExifSays(SKEncodedOrigin origin, int exif)
    {
        const int rows = 2, cols = 3;
        using var stored = new Mat(rows, cols, MatType.CV_8UC1);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                stored.Set(r, c, (byte)((10 * r) + c));
            }
        }

        using Mat upright = Orientation.Apply(stored, origin);

        Assert.Equal(exif, Orientation.ExifValue(origin));
        bool swaps = exif >= 5;
        Assert.Equal(swaps ? cols : rows, upright.Rows);
        Assert.Equal(swaps ? rows : cols, upright.Cols);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                var (row, col) = Shown(exif, r, c, rows, cols);
                Assert.Equal((byte)((10 * r) + c), upright.At<byte>(row, col));
            }
        }
    }

    [Fact]
    public void Analyze_JpegTaggedRotate90_IsTurnedUpright()
    {
        // Stored 400 wide, 200 high: left half skin, right half blue. Orientation 6 shows the stored top row as the
        // right column, so upright the photo is 200 wide, 400 high, with skin on top.
        using SKBitmap stored = TestImages.Noisy(400, 200, (x, _) => x < 200 ? TestImages.Skin : new SKColor(30, 60, 200));
        byte[] jpeg = TestImages.WithExifOrientation(TestImages.Jpeg(stored), 6);

        SkinAnalysis analysis = fixture.Analyzer.Analyze(jpeg);

        Assert.Equal(6, analysis.Image.ExifOrientation);
        Assert.Equal(200, analysis.Image.Width);
        Assert.Equal(400, analysis.Image.Height);
        SkinRegion region = Assert.Single(analysis.Regions);
        Assert.InRange(region.Y, 0, 5);
        Assert.InRange(region.Y + region.Height, 190, 210);
        Assert.InRange(region.Width, 190, 200);
    }
}
