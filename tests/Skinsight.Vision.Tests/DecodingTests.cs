using System.Diagnostics;
using Skinsight.Core.Analysis;
using SkiaSharp;

namespace Skinsight.Vision.Tests;

public sealed class DecodingTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>
{
    private readonly SkinAnalyzer _analyzer = fixture.Analyzer;

    [Fact]
    public void Analyze_EmptyInput_ThrowsInvalidImage()
    {
        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze([]));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Analyze_TextBytes_ThrowsNotAnImage()
    {
        byte[] text = "name,age\nAda,36\n"u8.ToArray();

        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(text));

        Assert.Contains("not an image", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0, 0, 0, 0, 0 }, "GIF")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63 }, "HEIC")]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0, 8, 0, 0, 0 }, "TIFF")]
    public void Analyze_UnsupportedFormat_NamesTheFormat(byte[] header, string format)
    {
        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(header));

        Assert.Contains(format, error.Message);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void Analyze_PngHeaderClaimingHugeSize_RejectsBeforeDecoding()
    {
        using SKBitmap small = TestImages.Solid(100, 100, TestImages.Skin);
        byte[] lying = TestImages.WithPngHeaderSize(TestImages.Png(small), 20000, 20000);
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(lying));

        Assert.Contains("20000x20000", error.Message);
        Assert.Contains("megapixels", error.Message);
        Assert.True(stopwatch.ElapsedMilliseconds < 1000, $"Rejecting took {stopwatch.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public void Analyze_SideAboveLimit_Rejects()
    {
        using SKBitmap small = TestImages.Solid(100, 100, TestImages.Skin);
        byte[] lying = TestImages.WithPngHeaderSize(TestImages.Png(small), 13000, 100);

        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(lying));

        Assert.Contains("13000x100", error.Message);
    }

    [Fact]
    public void Analyze_ThinStrip_RejectsItsAspectRatio()
    {
        using SKBitmap strip = TestImages.NoisySkin(100, 2000);

        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(TestImages.Png(strip)));

        Assert.Contains("100x2000", error.Message);
        Assert.Contains("crop", error.Message);
    }

    [Fact]
    public void Analyze_PngWhoseDataIsShorterThanItsHeaderSays_ThrowsTruncated()
    {
        using SKBitmap small = TestImages.NoisySkin(100, 100);
        byte[] lying = TestImages.WithPngHeaderSize(TestImages.Png(small), 3000, 3000);

        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(lying));

        Assert.Contains("PNG", error.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Analyze_TruncatedJpeg_ThrowsInvalidImage(double keep)
    {
        using SKBitmap image = TestImages.NoisySkin(400, 300);
        byte[] jpeg = TestImages.Jpeg(image);
        byte[] truncated = jpeg[..(int)(jpeg.Length * keep)];

        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(truncated));

        Assert.Contains("JPEG", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Analyze_JpegCutInsideItsHeader_ThrowsInvalidImage()
    {
        using SKBitmap image = TestImages.NoisySkin(400, 300);
        byte[] jpeg = TestImages.Jpeg(image);

        Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(jpeg[..20]));
    }

    [Fact]
    public void Analyze_OnePixelPng_ThrowsTooSmall()
    {
        using SKBitmap pixel = TestImages.Solid(1, 1, TestImages.Skin);

        var error = Assert.Throws<InvalidImageException>(() => _analyzer.Analyze(TestImages.Png(pixel)));

        Assert.Contains("1x1", error.Message);
        Assert.Contains("minimum", error.Message);
    }

    [Theory]
    [InlineData(63, 200, true)]
    [InlineData(64, 200, false)]
    public void Analyze_ShortSideAtMinimum_ThrowsOnlyBelowIt(int width, int height, bool throws)
    {
        using SKBitmap image = TestImages.NoisySkin(width, height);
        byte[] png = TestImages.Png(image);

        Exception? error = Record.Exception(() => _analyzer.Analyze(png));

        Assert.Equal(throws, error is InvalidImageException);
        Assert.True(throws || error is null, $"Unexpected {error?.GetType().Name}: {error?.Message}");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "jpeg")]
    [InlineData(SKEncodedImageFormat.Webp, "webp")]
    public void Analyze_SupportedFormat_ReportsSniffedFormatAndSize(SKEncodedImageFormat format, string name)
    {
        using SKBitmap image = TestImages.NoisySkin(300, 200);

        SkinAnalysis analysis = _analyzer.Analyze(TestImages.Encode(image, format));

        Assert.Equal(name, analysis.Image.Format);
        Assert.Equal(300, analysis.Image.Width);
        Assert.Equal(200, analysis.Image.Height);
        Assert.Equal(1, analysis.Image.ExifOrientation);
    }

    [Fact]
    public void Analyze_LargePhoto_ReportsOriginalSizeAndScalesRegionsBack()
    {
        using SKBitmap image = TestImages.NoisySkin(3000, 2000, seed: 3);

        SkinAnalysis analysis = _analyzer.Analyze(TestImages.Jpeg(image, 90));

        Assert.Equal(3000, analysis.Image.Width);
        Assert.Equal(2000, analysis.Image.Height);
        SkinRegion skin = Assert.Single(analysis.Regions);
        Assert.InRange(skin.Width, 2900, 3010);
        Assert.InRange(skin.Height, 1900, 2010);
    }

    [Theory]
    [InlineData("cmyk-skin.jpg")]
    [InlineData("skin-16bit.png")]
    [InlineData("animated-skin.webp")]
    public void Analyze_UnusualEncodingOfSkin_AnalysesAsCloseup(string file)
    {
        SkinAnalysis analysis = _analyzer.Analyze(TestImages.ReadTestData(file));

        Assert.Equal(AnalysisMode.Closeup, analysis.Mode);
        Assert.True(analysis.Quality.Accepted);
        Assert.NotNull(analysis.SkinTone);
        Assert.InRange(analysis.SkinTone.A, 5, 40);
    }

    [Fact]
    public void Analyze_GreyscaleJpeg_IsRejectedForNoColour()
    {
        SkinAnalysis analysis = _analyzer.Analyze(TestImages.ReadTestData("grey.jpg"));

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        Assert.Contains(analysis.Quality.Issues, i => i.Code == "no-colour" && i.Blocking);
    }

    [Fact]
    public void Analyze_FullyTransparentPng_IsRejectedWithoutSkin()
    {
        using SKBitmap clear = TestImages.Solid(200, 200, SKColors.Transparent);

        SkinAnalysis analysis = _analyzer.Analyze(TestImages.Png(clear));

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        Assert.False(analysis.Quality.Accepted);
    }

    [Fact]
    public void Analyze_SkinWithTransparentHalf_MeasuresOnlyTheOpaqueHalf()
    {
        using SKBitmap image = TestImages.Noisy(300, 300, (x, _) => x < 150 ? TestImages.Skin : SKColors.Transparent);

        SkinAnalysis analysis = _analyzer.Analyze(TestImages.Png(image));

        Assert.Equal(AnalysisMode.Closeup, analysis.Mode);
        SkinRegion region = Assert.Single(analysis.Regions);
        Assert.InRange(region.X + region.Width, 140, 155);
    }
}
