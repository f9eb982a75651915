using Skinsight.Core.Analysis;
using Skinsight.Vision.Quality;
using SkiaSharp;

namespace Skinsight.Vision.Tests;

public sealed class QualityGateTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>
{
    private static readonly QualityThresholds s_thresholds = new();

    /// <summary>Features of a good, sharp, well-lit 1000 px selfie whose face fills 60% of the width.</summary>
    private static readonly QualityFeatures s_good = new()
    {
        ShortSide = 1000,
        HasFace = true,
        FaceWidthFraction = 0.6,
        FaceWidthPixels = 600,
        SkinShare = 0.4,
        MeanChroma = 15,
        MedianL = 62,
        LitL = 72,
        ClippedShare = 0.01,
        Sharpness = 50,
        LightingRange = 20,
        Highlight = 220,
    };

    [Fact]
    public void Evaluate_GoodPhoto_AcceptsWithFullScore()
    {
        QualityReport report = QualityGate.Evaluate(s_good, s_thresholds);

        Assert.True(report.Accepted);
        Assert.Equal(100, report.Score);
        Assert.Empty(report.Issues);
    }

    private static readonly Dictionary<string, QualityFeatures> s_cases = new()
    {
        ["tiny"] = s_good with { ShortSide = 100 },
        ["small"] = s_good with { ShortSide = 300 },
        ["distant face"] = s_good with { FaceWidthFraction = 0.3 },
        ["tiny face"] = s_good with { FaceWidthPixels = 50 },
        ["no face, little skin"] = s_good with { HasFace = false, SkinShare = 0.1 },
        ["face too small to measure"] = s_good with { HasFace = false, SkinShare = 0.02, SmallFaceWidthFraction = 0.14 },
        ["greyscale"] = s_good with { MeanChroma = 1 },
        ["dim"] = s_good with { LitL = 40 },
        ["dim scene"] = s_good with { Highlight = 100 },
        ["dark"] = s_good with { LitL = 20 },
        ["bright"] = s_good with { MedianL = 85 },
        ["clipped"] = s_good with { ClippedShare = 0.5 },
        ["soft"] = s_good with { Sharpness = 8 },
        ["blurred"] = s_good with { Sharpness = 2 },
        ["uneven light"] = s_good with { LightingRange = 55 },
        ["dark and colourless"] = s_good with { LitL = 15, MeanChroma = 1, HasFace = false, SkinShare = 0 },
        ["blown out and colourless"] = s_good with { ClippedShare = 0.6, MeanChroma = 1, HasFace = false, SkinShare = 0 },
    };

    [Theory]
    [InlineData("tiny", "too-small", true)]
    [InlineData("small", "low-resolution", false)]
    [InlineData("distant face", "face-too-small", false)]
    [InlineData("tiny face", "face-too-small", true)]
    [InlineData("no face, little skin", "no-face", true)]
    [InlineData("face too small to measure", "face-too-small", true)]
    [InlineData("greyscale", "no-colour", true)]
    [InlineData("dim", "too-dark", false)]
    [InlineData("dim scene", "too-dark", false)]
    [InlineData("dark", "too-dark", true)]
    [InlineData("bright", "too-bright", false)]
    [InlineData("clipped", "too-bright", true)]
    [InlineData("soft", "blurred", false)]
    [InlineData("blurred", "blurred", true)]
    [InlineData("uneven light", "uneven-lighting", false)]
    [InlineData("dark and colourless", "too-dark", true)]
    [InlineData("blown out and colourless", "too-bright", true)]
    public void Evaluate_OneProblem_RaisesNamedIssue(string name, string code, bool blocking)
    {
        QualityReport report = QualityGate.Evaluate(s_cases[name], s_thresholds);

        QualityIssue issue = Assert.Single(report.Issues);
        Assert.Equal(code, issue.Code);
        Assert.Equal(blocking, issue.Blocking);
        Assert.Equal(!blocking, report.Accepted);
        Assert.InRange(report.Score, 0, blocking ? 40 : 90);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        Assert.False(string.IsNullOrWhiteSpace(issue.Advice));
    }

    [Fact]
    public void Evaluate_SeveralSoftProblems_LowersScoreForEach()
    {
        QualityReport oneIssue = QualityGate.Evaluate(s_good with { Sharpness = 8 }, s_thresholds);
        QualityReport twoIssues = QualityGate.Evaluate(s_good with { Sharpness = 8, LitL = 40 }, s_thresholds);

        Assert.True(twoIssues.Accepted);
        Assert.Equal(2, twoIssues.Issues.Count);
        Assert.True(twoIssues.Score < oneIssue.Score);
    }

    [Fact]
    public void Analyze_DarkSkinPhoto_RaisesTooDark()
    {
        using SKBitmap dark = TestImages.Noisy(400, 400, (_, _) => new SKColor(70, 40, 30), amplitude: 6);

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Png(dark));

        Assert.Contains(analysis.Quality.Issues, i => i.Code == "too-dark");
    }

    [Fact]
    public void Analyze_DimSkinPhoto_WarnsAndWithholdsSkinTone()
    {
        // L* of about 40: dim enough to warn, not enough to reject. ITA° follows L*, so it would be wrong here.
        using SKBitmap dim = TestImages.Noisy(400, 400, (_, _) => new SKColor(120, 85, 70));
        using SKBitmap lit = TestImages.NoisySkin(400, 400);

        SkinAnalysis dimAnalysis = fixture.Analyzer.Analyze(TestImages.Png(dim));
        SkinAnalysis litAnalysis = fixture.Analyzer.Analyze(TestImages.Png(lit));

        QualityIssue issue = Assert.Single(dimAnalysis.Quality.Issues, i => i.Code == "too-dark");
        Assert.False(issue.Blocking);
        Assert.Contains("skin tone is not reported", issue.Message, StringComparison.Ordinal);
        Assert.Null(dimAnalysis.SkinTone);
        Assert.DoesNotContain(litAnalysis.Quality.Issues, i => i.Code == "too-dark");
        Assert.NotNull(litAnalysis.SkinTone);
    }

    [Fact]
    public void Analyze_BlurredSkin_IsRejectedAsBlurred()
    {
        using SKBitmap noisy = TestImages.NoisySkin(400, 400);
        using SKBitmap blurred = TestImages.Draw(400, 400, canvas =>
        {
            using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(8, 8) };
            using SKImage image = SKImage.FromBitmap(noisy);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default, paint);
        });

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Png(blurred));

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        Assert.Contains(analysis.Quality.Issues, i => i.Code == "blurred" && i.Blocking);
    }

    [Fact]
    public void Analyze_SmallSkinPhoto_IsRejectedAsTooSmall()
    {
        using SKBitmap small = TestImages.NoisySkin(100, 100);

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Png(small));

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        Assert.Contains(analysis.Quality.Issues, i => i.Code == "too-small" && i.Blocking);
    }

    [Fact]
    public void Analyze_BluePhotoWithoutFace_IsRejectedForNoFace()
    {
        using SKBitmap blue = TestImages.Noisy(400, 300, (_, _) => new SKColor(40, 80, 200));

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Png(blue));

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        QualityIssue issue = Assert.Single(analysis.Quality.Issues, i => i.Blocking);
        Assert.Equal("no-face", issue.Code);
        Assert.Empty(analysis.Metrics);
    }

    [Fact]
    public void Analyze_OverexposedSkin_IsRejectedAsTooBright()
    {
        using SKBitmap bright = TestImages.Noisy(400, 400, (_, _) => new SKColor(255, 235, 225), amplitude: 4);

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Png(bright));

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        Assert.Contains(analysis.Quality.Issues, i => i.Code == "too-bright" && i.Blocking);
    }
}
