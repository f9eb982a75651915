using Skinsight.Application.Composition;
using Skinsight.Core.Analysis;
using Skinsight.Learning.Age;
using Skinsight.Testing;
using Skinsight.Vision;

namespace Skinsight.Application.Tests;

public class ScreeningPhotoAnalyzerTests
{
    private const string FacePhoto = "images/utkface-crop-part1/images/100_1_0_20170110183726390.jpg.chip.jpg";

    [SharedDataFact(FacePhoto)]
    public void Analyze_FaceWithoutAgeModel_LeavesEstimateOut()
    {
        using var analyzer = new ScreeningPhotoAnalyzer(new SkinAnalyzer(), classifier: null, ageEstimator: null);

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(FacePhoto)), null);

        Assert.Equal(AnalysisMode.Face, analysis.Mode);
        Assert.Null(analysis.EstimatedSkinAge);
    }

    [SharedDataFact(FacePhoto)]
    public void Analyze_FaceWithShippedAgeModel_AddsEstimate()
    {
        string? modelDirectory = AgeEstimator.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        using var analyzer = new ScreeningPhotoAnalyzer(new SkinAnalyzer(), null, new AgeEstimator(modelDirectory));

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(FacePhoto)), null);

        Assert.Equal(AnalysisMode.Face, analysis.Mode);
        Assert.NotNull(analysis.EstimatedSkinAge);
        Assert.InRange(analysis.EstimatedSkinAge.Years, 0, 120);
        Assert.InRange(analysis.EstimatedSkinAge.UncertaintyYears, 1, 20);
    }

    [SharedDataFact("images/ham10000-dermamnist/images/ISIC_0024310.jpg")]
    public void Analyze_CloseupWithAgeModel_LeavesEstimateOut()
    {
        string? modelDirectory = AgeEstimator.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        using var analyzer = new ScreeningPhotoAnalyzer(new SkinAnalyzer(), null, new AgeEstimator(modelDirectory));
        byte[] photo = File.ReadAllBytes(SharedData.PathOf("images/ham10000-dermamnist/images/ISIC_0024310.jpg"));

        SkinAnalysis analysis = analyzer.Analyze(photo, null);

        Assert.NotEqual(AnalysisMode.Face, analysis.Mode);
        Assert.Null(analysis.EstimatedSkinAge);
    }
}
