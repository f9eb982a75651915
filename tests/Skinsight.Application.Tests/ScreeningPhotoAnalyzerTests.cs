using Skinsight.Application.Composition;
using Skinsight.Core.Analysis;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Age;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Segmentation;
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

    [SharedDataFact("images/acne04-roboflow/labels.csv")]
    public void Analyze_AcnePhotoWithShippedCounter_AddsCount()
    {
        string? modelDirectory = AcneLesionCounter.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        string folder = SharedData.PathOf("images/acne04-roboflow");
        string photo = File.ReadLines(Path.Combine(folder, "labels.csv")).Skip(1)
            .Select(line => line.Split(',')).First(row => row[3] == "2")[0];
        using var analyzer = new ScreeningPhotoAnalyzer(
            new SkinAnalyzer(), null, acneCounter: new AcneLesionCounter(modelDirectory));

        using var overlays = new TempFolder();
        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, photo)), overlays.Path);

        Assert.NotEqual(AnalysisMode.Rejected, analysis.Mode);
        Assert.True(File.Exists(analysis.Overlays[ScreeningPhotoAnalyzer.AcneOverlayName]));
        AcneLesionCount acne = Assert.IsType<AcneLesionCount>(analysis.AcneLesions);
        Assert.InRange(acne.Count, 1, 200);
        Assert.InRange(acne.ByType.Values.Sum(), 0, acne.Count);
        Assert.Equal(AcneLesionDetector.HayashiGrade(acne.Count), acne.Grade);
        Assert.Equal(acne.Grade, acne.CountGrade);
        Assert.Equal(acne.Count, acne.DetectorCount);
        Assert.Equal(AcneLesionCount.GradedByCount, acne.GradedBy);
        Assert.InRange(acne.UncertaintyLesions, 0.5, 20);
    }

    [SharedDataFact("images/acne04-roboflow/labels.csv")]
    public void Analyze_AcnePhotoWithCounterAndGrader_FusesTheGrade()
    {
        string? counterDirectory = AcneLesionCounter.FindDefaultModelDirectory();
        string? graderDirectory = AcnePhotoGrader.FindDefaultModelDirectory();
        Assert.NotNull(counterDirectory);
        Assert.NotNull(graderDirectory);
        string folder = SharedData.PathOf("images/acne04-roboflow");
        string photo = File.ReadLines(Path.Combine(folder, "labels.csv")).Skip(1)
            .Select(line => line.Split(',')).First(row => row[3] == "3")[0];
        using var analyzer = new ScreeningPhotoAnalyzer(
            new SkinAnalyzer(), null, acneCounter: new AcneLesionCounter(counterDirectory),
            acneGrader: new AcnePhotoGrader(graderDirectory));

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, photo)), null);

        AcneLesionCount acne = Assert.IsType<AcneLesionCount>(analysis.AcneLesions);
        Assert.Equal(AcneLesionCount.GradedByCountAndPhoto, acne.GradedBy);
        Assert.NotNull(acne.DetectorCount);
        Assert.Equal(AcneLesionDetector.HayashiGrade(acne.DetectorCount.Value), acne.CountGrade);
        Assert.Equal(AcneLesionDetector.HayashiGrade(acne.Count), acne.Grade);
        Assert.InRange(acne.Grade, 0, 3);
        string[] names = ["mild", "moderate", "severe", "very severe"];
        Assert.Equal(names[acne.Grade], acne.GradeName);
    }

    [SharedDataFact("images/acne04-roboflow/images/levle3_0_jpg.rf.15b5f63aa262f5b568d5a8f313e93430.jpg")]
    public void Analyze_DermoscopyLikeAcneCloseup_GetsCountAndKeepsScreen()
    {
        // A very severe ACNE04 close-up that the dermoscopy reference takes in; the face discriminant does not.
        string? classifierDirectory = ConditionClassifier.FindDefaultModelDirectory();
        string? counterDirectory = AcneLesionCounter.FindDefaultModelDirectory();
        Assert.NotNull(classifierDirectory);
        Assert.NotNull(counterDirectory);
        using var analyzer = new ScreeningPhotoAnalyzer(
            new SkinAnalyzer(), new ConditionClassifier(classifierDirectory), acneCounter: new AcneLesionCounter(counterDirectory));
        byte[] photo = File.ReadAllBytes(SharedData.PathOf(
            "images/acne04-roboflow/images/levle3_0_jpg.rf.15b5f63aa262f5b568d5a8f313e93430.jpg"));

        SkinAnalysis analysis = analyzer.Analyze(photo, null);

        Assert.Equal(AnalysisMode.Closeup, analysis.Mode);
        Assert.DoesNotContain(analysis.Flags, f => f.Code == ScreeningPhotoAnalyzer.ScreenNotRunCode);
        Assert.DoesNotContain(analysis.Quality.Issues, i => i.Code == QualityIssue.SingleLesionCode);
        AcneLesionCount acne = Assert.IsType<AcneLesionCount>(analysis.AcneLesions);
        Assert.InRange(acne.Count, 21, 200);
    }

    [SharedDataFact(FacePhoto)]
    public void Analyze_SmallFaceWithShippedCounter_LeavesCountOut()
    {
        string? modelDirectory = AcneLesionCounter.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        using var analyzer = new ScreeningPhotoAnalyzer(
            new SkinAnalyzer(), null, acneCounter: new AcneLesionCounter(modelDirectory));

        // UTKFace crops are 200x200, under the 480 px the counter needs.
        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(FacePhoto)), null);

        Assert.Equal(AnalysisMode.Face, analysis.Mode);
        Assert.Null(analysis.AcneLesions);
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

    private const string DermoscopyPhoto = "images/ham10000-dermamnist/images/ISIC_0024310.jpg";

    [SharedDataFact(DermoscopyPhoto)]
    public void Analyze_DermoscopyCloseup_IsScreened()
    {
        using var analyzer = new ScreeningPhotoAnalyzer(new SkinAnalyzer(), ShippedClassifier(), null);

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(DermoscopyPhoto)), null);

        Assert.Equal(AnalysisMode.Closeup, analysis.Mode);
        Assert.DoesNotContain(analysis.Quality.Issues, i => i.Code == ScreeningPhotoAnalyzer.NotSkinCode);
        Assert.DoesNotContain(analysis.Flags, f => f.Code == ScreeningPhotoAnalyzer.ScreenNotRunCode);
        QualityIssue note = Assert.Single(analysis.Quality.Issues, i => i.Code == QualityIssue.SingleLesionCode);
        Assert.False(note.Blocking);
        Assert.True(analysis.Quality.Accepted);
    }

    [SharedDataFact(DermoscopyPhoto)]
    public void Analyze_OutsideSkinReference_RejectsAsNotSkin()
    {
        using var folder = new TempFolder();
        string modelDirectory = CopyShippedModel(folder.Path, skinThreshold: 0, dermoscopyThreshold: double.MaxValue);
        using var analyzer = new ScreeningPhotoAnalyzer(new SkinAnalyzer(), new ConditionClassifier(modelDirectory), null);

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(DermoscopyPhoto)), null);

        Assert.Equal(AnalysisMode.Rejected, analysis.Mode);
        Assert.False(analysis.Quality.Accepted);
        QualityIssue issue = Assert.Single(analysis.Quality.Issues, i => i.Code == ScreeningPhotoAnalyzer.NotSkinCode);
        Assert.True(issue.Blocking);
        Assert.Empty(analysis.Metrics);
    }

    [SharedDataFact(DermoscopyPhoto)]
    public void Analyze_OutsideDermoscopyReference_FlagsScreenNotRun()
    {
        using var folder = new TempFolder();
        string modelDirectory = CopyShippedModel(folder.Path, skinThreshold: double.MaxValue, dermoscopyThreshold: 0);
        using var analyzer = new ScreeningPhotoAnalyzer(new SkinAnalyzer(), new ConditionClassifier(modelDirectory), null);

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(DermoscopyPhoto)), null);

        Assert.Equal(AnalysisMode.Closeup, analysis.Mode);
        MedicalFlag flag = Assert.Single(analysis.Flags);
        Assert.Equal(ScreeningPhotoAnalyzer.ScreenNotRunCode, flag.Code);
        Assert.Contains("dermatologist", flag.Message, StringComparison.Ordinal);
    }

    [SharedDataFact(DermoscopyPhoto)]
    public void Analyze_DermoscopyCloseup_OutlinesLesion()
    {
        using var folder = new TempFolder();
        using var analyzer = new ScreeningPhotoAnalyzer(new SkinAnalyzer(), ShippedClassifier(), null, ShippedSegmenter());

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(DermoscopyPhoto)), folder.Path);

        Assert.NotNull(analysis.Lesion);
        Assert.InRange(analysis.Lesion.AreaPercent, 5, 80);
        Assert.InRange(analysis.Lesion.X + analysis.Lesion.Width, 1, analysis.Image.Width);
        Assert.InRange(analysis.Lesion.Y + analysis.Lesion.Height, 1, analysis.Image.Height);
        Assert.True(File.Exists(analysis.Overlays[ScreeningPhotoAnalyzer.LesionOverlayName]));
    }

    [SharedDataFact(DermoscopyPhoto)]
    public void Analyze_OutsideDermoscopyReference_LeavesOutlineOut()
    {
        using var folder = new TempFolder();
        string modelDirectory = CopyShippedModel(folder.Path, skinThreshold: double.MaxValue, dermoscopyThreshold: 0);
        using var analyzer = new ScreeningPhotoAnalyzer(
            new SkinAnalyzer(), new ConditionClassifier(modelDirectory), null, ShippedSegmenter());

        SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(SharedData.PathOf(DermoscopyPhoto)), null);

        Assert.Null(analysis.Lesion);
    }

    private static LearnedLesionSegmenter ShippedSegmenter()
    {
        string? modelDirectory = LearnedLesionSegmenter.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        return new LearnedLesionSegmenter(modelDirectory);
    }

    private static ConditionClassifier ShippedClassifier()
    {
        string? modelDirectory = ConditionClassifier.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        return new ConditionClassifier(modelDirectory);
    }

    /// <summary>Copies the shipped condition model into <paramref name="folder"/> with other reference thresholds.</summary>
    private static string CopyShippedModel(string folder, double skinThreshold, double dermoscopyThreshold)
    {
        string? shipped = ConditionClassifier.FindDefaultModelDirectory();
        Assert.NotNull(shipped);
        foreach (string file in Directory.EnumerateFiles(shipped))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        Rewrite(ConditionClassifier.SkinReferenceFileName, skinThreshold);
        Rewrite(ConditionClassifier.DermoscopyReferenceFileName, dermoscopyThreshold);
        return folder;

        void Rewrite(string name, double threshold)
        {
            string path = Path.Combine(folder, name);
            FeatureReference.Load(path).WithThreshold(threshold).Save(path);
        }
    }
}
