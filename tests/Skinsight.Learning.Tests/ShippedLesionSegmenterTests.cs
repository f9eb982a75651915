using OpenCvSharp;
using Skinsight.Learning.Segmentation;
using Skinsight.Testing;
using Skinsight.Vision.Lesions;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ShippedLesionSegmenterTests
{
    private const string DermaMnist = "images/ham10000-dermamnist";

    [Fact]
    public void Segment_ShippedModel_FindsDarkSpot()
    {
        string? modelDirectory = LearnedLesionSegmenter.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        using var segmenter = new LearnedLesionSegmenter(modelDirectory);
        using var image = new Mat(150, 200, MatType.CV_8UC3, new Scalar(150, 170, 215));
        using var truth = new Mat(150, 200, MatType.CV_8UC1, Scalar.All(0));
        image.Ellipse(new Point(100, 75), new Size(45, 32), 20, 0, 360, new Scalar(60, 75, 110), -1);
        truth.Ellipse(new Point(100, 75), new Size(45, 32), 20, 0, 360, Scalar.All(255), -1);

        using Mat mask = segmenter.Segment(image);
        var (_, jaccard) = LesionSegmentationEvaluation.Compare(mask, truth);

        Assert.True(jaccard > 0.7, $"Jaccard {jaccard:F3}");
    }

    [SharedDataFact(DermaMnist + "/metadata.csv")]
    public void Evaluate_ShippedModelOnVal_BeatsClassical()
    {
        string? modelDirectory = LearnedLesionSegmenter.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        LesionSegmenterInfo info = LesionSegmenterFiles.ReadInfo(modelDirectory);
        using var segmenter = new LearnedLesionSegmenter(modelDirectory);
        string data = SharedData.PathOf(DermaMnist);

        var learned = LesionSegmentationEvaluation.Evaluate(data, segmenter.Segment, "val", stride: 10);
        var classical = LesionSegmentationEvaluation.Evaluate(data, "val", stride: 10);

        // Every 10th val row (about 100 images), so the mean may differ from the full val score by sampling.
        Assert.Equal(info.ValidationJaccard, learned.MeanJaccard, 0.05);
        Assert.True(learned.MeanJaccard > classical.MeanJaccard,
            $"Learned {learned.MeanJaccard:F3}, classical {classical.MeanJaccard:F3}.");
    }
}
