using Skinsight.Core;
using Skinsight.Testing;
using Skinsight.Vision.Acne;

namespace Skinsight.Vision.Tests;

public sealed class AcneEvaluationTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(15, 0)]
    [InlineData(16, 1)]
    [InlineData(27, 1)]
    [InlineData(28, 2)]
    [InlineData(44, 3)]
    [InlineData(500, 3)]
    public void Grade_DetectedCount_UsesCutPoints(int detected, int grade)
    {
        Assert.Equal(grade, AcneGrader.Grade(detected, [16, 28, 44]));
    }

    [Fact]
    public void Iou_ShiftedSquare_IsOneThird()
    {
        var a = new LesionBox(0, 0, 10, 10, 0);
        var b = new LesionBox(5, 0, 10, 10, 0);

        Assert.Equal(50.0 / 150, AcneEvaluation.Iou(a, b), 6);
        Assert.Equal(0, AcneEvaluation.Iou(a, new LesionBox(20, 20, 5, 5, 0)));
    }

    [Fact]
    public void Match_TwoDetectionsOnOneBox_MatchesOnce()
    {
        LesionBox[] truth = [new(0, 0, 10, 10, 0), new(50, 50, 10, 10, 0)];
        LesionBox[] detected = [new(1, 1, 10, 10, 5), new(0, 0, 10, 10, 4), new(100, 100, 4, 4, 3)];

        Assert.Equal(1, AcneEvaluation.Match(detected, truth));
    }

    [Fact]
    public void ReadBoxes_VocFile_ReadsCornersAsBoxes()
    {
        using var folder = new TempFolder();
        string path = folder.File("a.xml");
        File.WriteAllText(path, "<annotation><object><name>papules</name><bndbox><xmin>10</xmin><xmax>30</xmax>"
            + "<ymin>5</ymin><ymax>9</ymax></bndbox></object></annotation>");

        var boxes = AcneEvaluation.ReadBoxes(path);

        Assert.Equal([new LesionBox(10, 5, 20, 4, 0)], boxes);
    }

    [Theory]
    [InlineData(30, 10, 5, 9)]
    [InlineData(10, 30, 9, 9)]
    public void ReadBoxes_BoxWithoutArea_NamesTheCorners(int xmin, int xmax, int ymin, int ymax)
    {
        using var folder = new TempFolder();
        string path = folder.File("a.xml");
        File.WriteAllText(path, $"<annotation><object><bndbox><xmin>{xmin}</xmin><xmax>{xmax}</xmax>"
            + $"<ymin>{ymin}</ymin><ymax>{ymax}</ymax></bndbox></object></annotation>");

        var error = Assert.Throws<InvalidInputException>(() => AcneEvaluation.ReadBoxes(path));

        Assert.Contains($"({xmin}, {ymin}) to ({xmax}, {ymax})", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ReadBoxes_MissingCorner_ThrowsInvalidInput()
    {
        using var folder = new TempFolder();
        string path = folder.File("a.xml");
        File.WriteAllText(path, "<annotation><object><bndbox><xmin>1</xmin></bndbox></object></annotation>");

        var error = Assert.Throws<InvalidInputException>(() => AcneEvaluation.ReadBoxes(path));

        Assert.Contains("ymin", error.Message);
    }

    [Fact]
    public void Evaluate_UnusablePhoto_NamesTheFile()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("labels.csv"), "image_file,annotation_file,severity_level,n_lesions\n"
            + "images/a.jpg,annotations/a.xml,1,0\n");
        string image = folder.File("images/a.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        File.WriteAllText(image, "not an image");
        string annotation = folder.File("annotations/a.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(annotation)!);
        File.WriteAllText(annotation, "<annotation></annotation>");

        var error = Assert.Throws<InvalidImageException>(() => AcneEvaluation.Evaluate(
            _ => throw new InvalidImageException("The photo could not be decoded."), folder.Path, null, [16, 28, 44]));

        Assert.Contains(image, error.Message);
        Assert.Contains("could not be decoded", error.Message);
    }

    [Fact]
    public void Score_KnownResults_GivesAccuracyMaeAndRates()
    {
        AcnePhotoResult[] results =
        [
            new(LabelledGrade: 0, LabelledCount: 2, Detected: 3, Annotated: 2, Matched: 1),
            new(LabelledGrade: 1, LabelledCount: 10, Detected: 20, Annotated: 10, Matched: 4),
            new(LabelledGrade: 3, LabelledCount: 60, Detected: 30, Annotated: 60, Matched: 10),
        ];

        var score = AcneEvaluation.Score(results, [16, 28, 44], rejected: 1);

        Assert.Equal(3, score.N);
        Assert.Equal(2.0 / 3, score.SeverityAccuracy, 3);
        Assert.Equal(1.0, score.GradeRecall["0"]);
        Assert.Equal(0.0, score.GradeRecall["3"]);
        Assert.False(score.GradeRecall.ContainsKey("2"));
        Assert.Equal((1 + 10 + 30) / 3.0, score.CountMae, 3);
        Assert.Equal(15.0 / 53, score.DetectionPrecision, 3);
        Assert.Equal(15.0 / 72, score.DetectionRecall, 3);
        Assert.Equal(1, score.Confusion[3][2]);
    }

    [Fact]
    public void Score_OwnGrades_AlsoReportsCountAccuracy()
    {
        AcnePhotoResult[] results =
        [
            new(LabelledGrade: 0, LabelledCount: 2, Detected: 3, Annotated: 2, Matched: 1, Grade: 0),
            new(LabelledGrade: 1, LabelledCount: 10, Detected: 3, Annotated: 10, Matched: 2, Grade: 1),
            new(LabelledGrade: 2, LabelledCount: 30, Detected: 25, Annotated: 30, Matched: 9, Grade: 1),
        ];

        var score = AcneEvaluation.Score(results, [6, 21, 51], rejected: 0);

        // Own grades 0, 1, 1 get two right; the counts' grades 0, 0, 2 get two right as well, but not the same two.
        Assert.Equal(2.0 / 3, score.SeverityAccuracy, 3);
        Assert.Equal(2.0 / 3, score.CountSeverityAccuracy!.Value, 3);
        Assert.Equal(1.0, score.GradeRecall["1"]);
        Assert.Equal(0.0, score.GradeRecall["2"]);
        Assert.Equal(1, score.Confusion[2][1]);
    }

    [Fact]
    public void Score_CountGrades_LeavesCountAccuracyOut()
    {
        AcnePhotoResult[] results = [new(LabelledGrade: 0, LabelledCount: 2, Detected: 3, Annotated: 2, Matched: 1)];

        var score = AcneEvaluation.Score(results, [6, 21, 51], rejected: 0);

        Assert.Null(score.CountSeverityAccuracy);
        Assert.Null(score.DetectorCountMae);
    }

    [Fact]
    public void Score_MovedCounts_ScoresBothCountsAndGradesTheDetectorsOwn()
    {
        AcnePhotoResult[] results =
        [
            // The fused grade 3 moved the count from 40 to 51; the labelled count is 60.
            new(LabelledGrade: 3, LabelledCount: 60, Detected: 51, Annotated: 60, Matched: 5, Boxes: 40, Grade: 3, DetectorCount: 40),
            new(LabelledGrade: 0, LabelledCount: 2, Detected: 4, Annotated: 2, Matched: 1, Grade: 0),
        ];

        var score = AcneEvaluation.Score(results, [6, 21, 51], rejected: 0);

        Assert.Equal((9 + 2) / 2.0, score.CountMae, 3);
        Assert.Equal((20 + 2) / 2.0, score.DetectorCountMae!.Value, 3);
        // The detector's own count of 40 is grade 2, so the count alone gets only the mild photo right.
        Assert.Equal(0.5, score.CountSeverityAccuracy!.Value, 3);
        Assert.Equal(1.0, score.SeverityAccuracy, 3);
        Assert.Equal(6.0 / (40 + 4), score.DetectionPrecision, 3);
    }
}
