using SkiaSharp;
using Skinsight.Core;
using Skinsight.Vision.Acne;

namespace Skinsight.Vision.Tests;

public sealed class AcneEvaluationRowsTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "skinsight-acne-rows-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Evaluate_ImageFileSet_ScoresOnlyThoseRows()
    {
        WriteFolder();

        var score = AcneEvaluation.Evaluate(fixture.Analyzer, _folder, new HashSet<string> { "images/b.jpg" });

        // A photo of one flat colour has no red blobs, so the counting grader gives grade 0 to the photo labelled 2.
        Assert.Equal(1, score.N);
        Assert.Equal(0.0, score.SeverityAccuracy);
        Assert.Equal(1, score.Confusion[2][0]);
        Assert.Equal(0, score.Confusion[0].Sum());
    }

    [Fact]
    public void Evaluate_UnlistedImageFile_ThrowsInvalidInput()
    {
        WriteFolder();

        var error = Assert.Throws<InvalidInputException>(() =>
            AcneEvaluation.Evaluate(fixture.Analyzer, _folder, new HashSet<string> { "images/missing.jpg" }));

        Assert.Contains("None of the 1 requested photos", error.Message);
    }

    [Fact]
    public void Evaluate_LaterImageMissing_ThrowsBeforeScoring()
    {
        WriteFolder();
        File.Delete(Path.Combine(_folder, "images", "b.jpg"));
        int detections = 0;
        AcneDetection Detect(byte[] photo)
        {
            detections++;
            throw new InvalidOperationException("The detector ran before the rows were checked.");
        }

        var error = Assert.Throws<InvalidInputException>(() =>
            AcneEvaluation.Evaluate(Detect, _folder, split: null, AcneGrader.CutPoints));

        Assert.Contains("b.jpg", error.Message, StringComparison.Ordinal);
        Assert.Contains("(row 2) was not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, detections);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void WriteFolder()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "images"));
        Directory.CreateDirectory(Path.Combine(_folder, "annotations"));
        foreach (string name in new[] { "a", "b" })
        {
            using var bitmap = new SKBitmap(64, 64);
            bitmap.Erase(new SKColor(180, 150, 130));
            using SKData jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(Path.Combine(_folder, "images", name + ".jpg"), jpeg.ToArray());
            File.WriteAllText(Path.Combine(_folder, "annotations", name + ".xml"), "<annotation></annotation>");
        }

        File.WriteAllLines(Path.Combine(_folder, AcneEvaluation.LabelsFileName),
        [
            "image_file,annotation_file,source_image,severity_level,n_lesions",
            "images/a.jpg,annotations/a.xml,a.jpg,0,0",
            "images/b.jpg,annotations/b.xml,b.jpg,2,0",
        ]);
    }
}
