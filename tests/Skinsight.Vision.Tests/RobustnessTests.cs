using Skinsight.Core.Analysis;
using SkiaSharp;

namespace Skinsight.Vision.Tests;

/// <summary>Odd but valid images and damaged bytes give an analysis or InvalidImageException, never another error.</summary>
public sealed class RobustnessTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>
{
    [Theory]
    [InlineData(64, 64)]
    [InlineData(64, 512)]
    [InlineData(512, 64)]
    [InlineData(127, 300)]
    [InlineData(2000, 250)]
    [InlineData(1025, 1023)]
    public void Analyze_UnusualSize_ReturnsAnalysis(int width, int height)
    {
        using SKBitmap image = TestImages.Noisy(
            width, height, (x, y) => (x / 16 + y / 16) % 2 == 0 ? TestImages.Skin : new SKColor(40, 90, 160));

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Jpeg(image));

        Assert.Equal(width, analysis.Image.Width);
        Assert.Equal(height, analysis.Image.Height);
        Assert.InRange(analysis.Quality.Score, 0, 100);
    }

    [Fact]
    public void Analyze_JpegWithCorruptedBytes_ReturnsOrThrowsInvalidImage()
    {
        using SKBitmap image = TestImages.NoisySkin(400, 300, seed: 11);
        byte[] jpeg = TestImages.Jpeg(image);
        var random = new Random(3);

        for (int trial = 0; trial < 20; trial++)
        {
            byte[] damaged = (byte[])jpeg.Clone();
            for (int i = 0; i < 10; i++)
            {
                damaged[random.Next(200, damaged.Length)] = (byte)random.Next(256);
            }

            Exception? error = Record.Exception(() => fixture.Analyzer.Analyze(damaged));

            Assert.True(error is null or InvalidImageException, $"Trial {trial}: {error?.GetType().Name}: {error?.Message}");
        }
    }

    [Fact]
    public void Analyze_RandomBytesAfterJpegMagic_ThrowsInvalidImage()
    {
        var random = new Random(5);
        byte[] bytes = new byte[5000];
        random.NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;

        Assert.Throws<InvalidImageException>(() => fixture.Analyzer.Analyze(bytes));
    }
}
