using SkiaSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Measures;

namespace Skinsight.Vision.Tests;

public sealed class PoresMeasureTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>
{
    [Fact]
    public void Analyze_SmallCloseup_ExplainsPoresNotMeasured()
    {
        using SKBitmap skin = TexturedSkin(600, 600);

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Png(skin));

        Assert.Equal(AnalysisMode.Closeup, analysis.Mode);
        Assert.DoesNotContain(MeasureNames.Pores, analysis.Metrics.Keys);
        QualityIssue issue = Assert.Single(analysis.Quality.Issues, i => i.Code == PoresMeasure.NotMeasuredCode);
        Assert.False(issue.Blocking);
        Assert.Contains("the skin in the analysed image covers as many pixels as a face", issue.Message, StringComparison.Ordinal);
        Assert.Contains("close-up", issue.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1024, 1024)]
    [InlineData(1024, 576)]
    public void Analyze_LargeCloseupWithDots_CountsThem(int width, int height)
    {
        // Dots 3 px across and much darker than the skin, 40 px apart: a pore grid at the resolution pores need.
        using SKBitmap skin = TexturedSkin(width, height);
        using SKBitmap dotted = TestImages.Draw(width, height, canvas =>
        {
            using (SKImage image = SKImage.FromBitmap(skin))
            {
                canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
            }

            using var paint = new SKPaint { Color = new SKColor(120, 70, 50), IsAntialias = false };
            for (int y = 20; y < height; y += 40)
            {
                for (int x = 20; x < width; x += 40)
                {
                    canvas.DrawRect(x, y, 3, 3, paint);
                }
            }
        });

        SkinAnalysis plain = fixture.Analyzer.Analyze(TestImages.Png(skin));
        SkinAnalysis withDots = fixture.Analyzer.Analyze(TestImages.Png(dotted));

        Assert.Equal(AnalysisMode.Closeup, withDots.Mode);
        Assert.DoesNotContain(withDots.Quality.Issues, i => i.Code == PoresMeasure.NotMeasuredCode);
        MeasureResult pores = withDots.Metrics[MeasureNames.Pores];
        Assert.True(pores.Details["count"] > 100, $"counted {pores.Details["count"]} dots");
        Assert.True(pores.Score > plain.Metrics[MeasureNames.Pores].Score + 20,
            $"score {pores.Score} with dots, {plain.Metrics[MeasureNames.Pores].Score} without");
    }

    /// <summary>
    /// Returns skin with a wavy lightness pattern about 35 px long besides the pixel noise. The quality gate judges the
    /// sharpness of a large close-up on a downscaled copy, where pixel noise alone averages out and reads as blur.
    /// </summary>
    private static SKBitmap TexturedSkin(int width, int height) => TestImages.Noisy(width, height, (x, y) =>
    {
        int shift = (int)Math.Round(14 * Math.Sin(x / 5.0) * Math.Sin(y / 6.0));
        SKColor skin = TestImages.Skin;
        return new SKColor(
            (byte)Math.Clamp(skin.Red + shift, 0, 255),
            (byte)Math.Clamp(skin.Green + shift, 0, 255),
            (byte)Math.Clamp(skin.Blue + shift, 0, 255));
    });
}
