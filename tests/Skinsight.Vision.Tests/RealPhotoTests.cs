using System.Text.Json;
using SkiaSharp;
using Skinsight.Core.Analysis;
using Skinsight.Core.Colour;
using Skinsight.Testing;
using Skinsight.Vision.Faces;

namespace Skinsight.Vision.Tests;

/// <summary>Runs the analyzer on real photos from the shared data sets; skipped where they are absent.</summary>
public sealed class RealPhotoTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>
{
    private const string FacePhoto = "images/utkface-crop-part1/images/100_1_0_20170110183726390.jpg.chip.jpg";
    private const string CloseupPhoto = "images/acne04-roboflow/images/levle0_20_jpg.rf.1538750cc82aa8036d0550c7b46eebc4.jpg";
    private const string AcnePhoto = "images/acne04-roboflow/images/levle3_122_jpg.rf.9244366e4edcbeb77ac2f3180205d38f.jpg";

    /// <summary>Every measure but pores, which a 200 px face is far too small for.</summary>
    private static readonly string[] s_faceMeasures =
    [
        MeasureNames.Redness, MeasureNames.Spots, MeasureNames.Shine, MeasureNames.Texture, MeasureNames.Acne,
        MeasureNames.Wrinkles, MeasureNames.DarkCircles, MeasureNames.Evenness,
    ];

    [SharedDataFact(FacePhoto)]
    public void Analyze_FacePhoto_MeasuresEveryRegionAndMeasure()
    {
        SkinAnalysis analysis = fixture.Analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(FacePhoto)));

        Assert.Equal(AnalysisMode.Face, analysis.Mode);
        Assert.True(analysis.Quality.Accepted);
        Assert.Equal(s_faceMeasures.Order(), analysis.Metrics.Keys.Order());
        Assert.Contains(analysis.Quality.Issues, i => i.Code == Measures.PoresMeasure.NotMeasuredCode && !i.Blocking);
        Assert.All(analysis.Metrics.Values, m => Assert.InRange(m.Score, 0, 100));
        Assert.All(analysis.Metrics.Values, m => Assert.NotEmpty(m.Details));
        Assert.All(analysis.Metrics.Values, m => Assert.InRange(m.Noise ?? -1, 0, 10));
        foreach (string region in new[] { RegionNames.Forehead, RegionNames.LeftCheek, RegionNames.RightCheek, RegionNames.Nose })
        {
            Assert.Contains(analysis.Regions, r => r.Name == region);
            Assert.Contains(region, analysis.Metrics[MeasureNames.Redness].Regions.Keys);
        }

        Assert.NotNull(analysis.SkinTone);
        Assert.Contains(Ita.Categories, c => c.Category == analysis.SkinTone.Category);
        Assert.All(analysis.Concerns, c => Assert.Contains(c.Concern, Concerns.All));
        Assert.All(analysis.Concerns, c => Assert.InRange(c.Severity, 0, 1));
    }

    [SharedDataFact(FacePhoto)]
    public void Analyze_FacePhoto_SerialisesWithTheDocumentedJsonKeys()
    {
        SkinAnalysis analysis = fixture.Analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(FacePhoto)));

        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(analysis, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("quality").GetProperty("accepted").GetBoolean());
        Assert.InRange(root.GetProperty("quality").GetProperty("score").GetDouble(), 0, 100);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("quality").GetProperty("issues").ValueKind);
        Assert.InRange(root.GetProperty("metrics").GetProperty("redness").GetProperty("score").GetDouble(), 0, 100);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("skinTone").GetProperty("ita").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("skinTone").GetProperty("category").ValueKind);
        Assert.True(root.TryGetProperty("mode", out _));
    }

    [SharedDataFact(CloseupPhoto)]
    public void Analyze_CloseupWithoutFace_MeasuresTheSkinArea()
    {
        SkinAnalysis analysis = fixture.Analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(CloseupPhoto)));

        Assert.Equal(AnalysisMode.Closeup, analysis.Mode);
        Assert.True(analysis.Quality.Accepted);
        Assert.Contains(MeasureNames.Acne, analysis.Metrics.Keys);
        Assert.Contains(MeasureNames.Redness, analysis.Metrics.Keys);
        Assert.DoesNotContain(MeasureNames.DarkCircles, analysis.Metrics.Keys);
        Assert.Contains(analysis.Regions, r => r.Name == RegionNames.Skin);
    }

    [SharedDataFact(AcnePhoto, FacePhoto)]
    public void Analyze_SevereAcneAgainstClearSkin_ScoresAcneHigher()
    {
        SkinAnalysis severe = fixture.Analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(AcnePhoto)));
        SkinAnalysis clear = fixture.Analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(FacePhoto)));

        Assert.True(
            severe.Metrics[MeasureNames.Acne].Score > clear.Metrics[MeasureNames.Acne].Score + 20,
            $"acne {severe.Metrics[MeasureNames.Acne].Score} vs {clear.Metrics[MeasureNames.Acne].Score}");
        Assert.Contains(severe.Concerns, c => c.Concern == Concerns.Acne);
    }

    [SharedDataFact(FacePhoto)]
    public void Analyze_DistantFace_RejectedAsFaceTooSmall()
    {
        // The 200 px face crop fills 2% of a plain blue-grey 1414 px photo: a face far below the first scan's smallest size.
        using SKImage face = SKImage.FromEncodedData(SharedData.PathOf(FacePhoto));
        using SKBitmap photo = TestImages.Draw(1414, 1414, canvas =>
        {
            canvas.Clear(new SKColor(120, 130, 140));
            canvas.DrawImage(face, 600, 500, SKSamplingOptions.Default);
        });

        SkinAnalysis analysis = fixture.Analyzer.Analyze(TestImages.Jpeg(photo));

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        QualityIssue issue = Assert.Single(analysis.Quality.Issues, i => i.Blocking);
        Assert.Equal("face-too-small", issue.Code);
        Assert.Matches(@"^The face fills only \d+% of the photo's width", issue.Message);
    }

    [SharedDataFact(FacePhoto)]
    public void Analyze_WithOverlayFolder_WritesOnePngPerMeasure()
    {
        using var folder = new TempFolder();

        SkinAnalysis analysis = fixture.Analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(FacePhoto)), folder.Path);

        Assert.Equal(analysis.Metrics.Keys.Order(), analysis.Overlays.Keys.Order());
        foreach (var (measure, path) in analysis.Overlays)
        {
            Assert.Equal(measure + ".png", Path.GetFileName(path));
            byte[] header = File.ReadAllBytes(path)[..8];
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }
    }

    [SharedDataFact(FacePhoto, CloseupPhoto)]
    public void Analyze_ConcurrentCalls_GiveTheSameResultsAsSequentialOnes()
    {
        byte[][] photos = [File.ReadAllBytes(SharedData.PathOf(FacePhoto)), File.ReadAllBytes(SharedData.PathOf(CloseupPhoto))];
        double[] expected = photos.Select(p => fixture.Analyzer.Analyze(p).Metrics[MeasureNames.Redness].Score).ToArray();

        var results = new double[8];
        Parallel.For(0, results.Length, i =>
            results[i] = fixture.Analyzer.Analyze(photos[i % 2]).Metrics[MeasureNames.Redness].Score);

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % 2], results[i]);
        }
    }

    [SharedDataFact(FacePhoto, CloseupPhoto, AcnePhoto)]
    public void Analyze_Parallel_MatchesOneThread()
    {
        using var serial = new SkinAnalyzer(new SkinAnalyzerOptions { Parallelism = 1 });
        using var parallel = new SkinAnalyzer(new SkinAnalyzerOptions { Parallelism = 4 });
        foreach (string photo in new[] { FacePhoto, CloseupPhoto, AcnePhoto })
        {
            byte[] bytes = File.ReadAllBytes(SharedData.PathOf(photo));
            using var serialFolder = new TempFolder();
            using var parallelFolder = new TempFolder();

            SkinAnalysis one = serial.Analyze(bytes, serialFolder.Path);
            SkinAnalysis many = parallel.Analyze(bytes, parallelFolder.Path);

            Assert.NotEmpty(one.Metrics);
            Assert.Equal(Comparable(one, serialFolder.Path), Comparable(many, parallelFolder.Path));
            foreach (string measure in one.Overlays.Keys)
            {
                Assert.Equal(File.ReadAllBytes(one.Overlays[measure]), File.ReadAllBytes(many.Overlays[measure]));
            }
        }
    }

    /// <summary>The analysis as JSON without its timing, and with overlay paths relative to their folder.</summary>
    private static string Comparable(SkinAnalysis analysis, string overlayFolder) =>
        JsonSerializer.Serialize(analysis with
        {
            ElapsedMs = 0,
            Overlays = analysis.Overlays.ToDictionary(o => o.Key, o => Path.GetRelativePath(overlayFolder, o.Value)),
        });
}
