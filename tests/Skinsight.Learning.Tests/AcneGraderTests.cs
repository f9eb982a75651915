using SkiaSharp;
using Skinsight.Core;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Condition;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class AcneGraderTests
{
    [Theory]
    [InlineData("levle0_0.jpg", AcneSplit.Train)]
    [InlineData("levle3_10.jpg", AcneSplit.Validation)]
    [InlineData("a.jpg", AcneSplit.Test)]
    public void SplitOf_KnownNames_ReturnsPinnedSplit(string sourceImage, string expected)
    {
        // Buckets from an independent XxHash32 (seed 0) of the UTF-8 name, modulo 100: 20, 72 and 98.
        Assert.Equal(expected, AcneSplit.Of(sourceImage));
    }

    [Fact]
    public void SplitOf_ManyNames_NearSeventyFifteenFifteen()
    {
        string[] names = Enumerable.Range(0, 20_000).Select(i => $"levle{i % 4}_{i}.jpg").ToArray();

        var splits = names.Select(AcneSplit.Of).ToList();

        Assert.Equal(splits, names.Select(AcneSplit.Of));
        Assert.InRange(splits.Count(s => s == AcneSplit.Train) / 20_000.0, 0.68, 0.72);
        Assert.InRange(splits.Count(s => s == AcneSplit.Validation) / 20_000.0, 0.14, 0.16);
        Assert.InRange(splits.Count(s => s == AcneSplit.Test) / 20_000.0, 0.14, 0.16);
    }

    [Fact]
    public void MetricsFrom_HandMadeGrades_MatchesHandCounts()
    {
        int[] labelled = [0, 0, 1, 1, 1, 2, 3, 3];
        int[] predicted = [0, 1, 1, 1, 0, 2, 2, 3];

        var metrics = AcneGradeMetrics.From(labelled, predicted);

        // 5 of 8 right; errors of one grade each on three photos.
        Assert.Equal(0.625, metrics.SeverityAccuracy, 6);
        Assert.Equal(0.375, metrics.MeanAbsoluteGradeError, 6);
        Assert.Equal(8, metrics.N);
        Assert.Equal(0.5, metrics.GradeRecall["0"], 6);
        Assert.Equal(0.6667, metrics.GradeRecall["1"], 6);
        Assert.Equal(1.0, metrics.GradeRecall["2"], 6);
        Assert.Equal(0.5, metrics.GradeRecall["3"], 6);
        Assert.Equal([1, 1, 0, 0], metrics.Confusion[0]);
        Assert.Equal([1, 2, 0, 0], metrics.Confusion[1]);
        Assert.Equal([0, 0, 1, 0], metrics.Confusion[2]);
        Assert.Equal([0, 0, 1, 1], metrics.Confusion[3]);
    }

    [Fact]
    public void MetricsFrom_AbsentGrade_LeavesItsRecallOut()
    {
        var metrics = AcneGradeMetrics.From([0, 1], [0, 0]);

        Assert.Equal(["0", "1"], metrics.GradeRecall.Keys.Order());
        Assert.Equal(0.0, metrics.GradeRecall["1"]);
    }

    [Fact]
    public void MetricsFrom_GradeOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => AcneGradeMetrics.From([0, 4], [0, 1]));
        Assert.Throws<ArgumentException>(() => AcneGradeMetrics.From([0, 1], [0]));
    }

    [Fact]
    public void Pool_ThreeViews_KeepsWholeThenMeanMax()
    {
        // Two features per view; the first view is the whole photo, the other two are tiles.
        float[] perView = [1, 2, 3, -4, 5, 6];

        float[] pooled = AcnePhotoFeaturizer.Pool(perView, viewCount: 3, length: 2);

        Assert.Equal([1f, 2f, 4f, 1f, 5f, 6f], pooled);
    }

    [Fact]
    public void Cut_FourQuadrants_OneColourPerTile()
    {
        using var photo = new SKBitmap(100, 100);
        using (var canvas = new SKCanvas(photo))
        {
            canvas.DrawRect(0, 0, 50, 50, new SKPaint { Color = SKColors.Red });
            canvas.DrawRect(50, 0, 50, 50, new SKPaint { Color = SKColors.Lime });
            canvas.DrawRect(0, 50, 50, 50, new SKPaint { Color = SKColors.Blue });
            canvas.DrawRect(50, 50, 50, 50, new SKPaint { Color = SKColors.White });
        }

        float[][] views = AcneCrops.Cut(photo);

        Assert.Equal(AcneCrops.ViewCount, views.Length);
        Assert.All(views, v => Assert.Equal(3 * 224 * 224, v.Length));
        Assert.Equal((255f, 0f, 0f), CentreColour(views[1]));
        Assert.Equal((0f, 255f, 0f), CentreColour(views[2]));
        Assert.Equal((0f, 0f, 255f), CentreColour(views[3]));
        Assert.Equal((255f, 255f, 255f), CentreColour(views[4]));
    }

    [Fact]
    public void Train_SeparableGrades_LowersLoss()
    {
        (float[][] features, int[] labels) = ClusteredFeatures(perGrade: 12, seed: 5);
        var options = new AcneHeadOptions(Epochs: 60, LearningRate: 1e-2, WeightDecay: 1e-4, Seed: 1);

        (ClassifierHead head, double[] loss) = AcneHeadTrainer.Train(features, labels, options);
        using (head)
        {
            Assert.Equal(61, loss.Length);
            Assert.True(loss[^1] < loss[0] / 2, $"loss went from {loss[0]} to {loss[^1]}");
            Assert.Equal(labels, AcneHeadTrainer.Predict(head, features));
        }
    }

    [Fact]
    public void SaveLoad_TrainedHead_RoundTrips()
    {
        (float[][] features, int[] labels) = ClusteredFeatures(perGrade: 6, seed: 8, featureCount: AcnePhotoFeaturizer.FeatureCount);
        var options = new AcneHeadOptions(Epochs: 5, Seed: 2);
        (ClassifierHead head, _) = AcneHeadTrainer.Train(features, labels, options);
        var metrics = AcneGradeMetrics.From(labels, AcneHeadTrainer.Predict(head, features));
        var info = new AcneGraderInfo(options, "test features", labels.Length, metrics, metrics,
            [new AcneCandidate(options, metrics.SeverityAccuracy, metrics.MeanAbsoluteGradeError)],
            "/data", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), 1.5, 2.5);
        string folder = Path.Combine(Path.GetTempPath(), "skinsight-acne-" + Guid.NewGuid().ToString("N"));
        try
        {
            int[] before;
            using (head)
            {
                before = AcneHeadTrainer.Predict(head, features);
                AcneGraderModel.Save(folder, head, info);
            }

            (AcneGraderInfo loadedInfo, ClassifierHead loaded) = AcneGraderModel.Load(folder);
            using (loaded)
            {
                Assert.Equal(before, AcneHeadTrainer.Predict(loaded, features));
            }

            Assert.Equal(options, loadedInfo.Options);
            Assert.Equal(metrics.SeverityAccuracy, loadedInfo.Test.SeverityAccuracy);
            Assert.Equal(metrics.Confusion, loadedInfo.Test.Confusion);
            Assert.Equal(info.SavedAtUtc, loadedInfo.SavedAtUtc);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.5")]
    public void ReadInfo_NonPositiveCountSpread_ThrowsModelFormat(string spread)
    {
        string root = RepositoryRoot.Find() ?? throw new InvalidOperationException("No global.json above the tests.");
        string shipped = File.ReadAllText(Path.Combine(root, "models", AcneGraderModel.LesionModelName, AcneGraderModel.InfoFileName));
        string folder = Path.Combine(Path.GetTempPath(), "skinsight-acne-spread-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, AcneGraderModel.InfoFileName),
                System.Text.RegularExpressions.Regex.Replace(shipped, "\"validationLogCountSpread\": [0-9.]+", $"\"validationLogCountSpread\": {spread}"));

            var error = Assert.Throws<ModelFormatException>(() => AcneGraderModel.ReadInfo(folder));

            Assert.Contains("validationLogCountSpread " + spread, error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_FolderWithoutModel_ThrowsModelFormat()
    {
        string folder = Path.Combine(Path.GetTempPath(), "skinsight-acne-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var error = Assert.Throws<ModelFormatException>(() => AcneGraderModel.Load(folder));
            Assert.Contains(AcneGraderModel.InfoFileName, error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void Read_UnknownSplitOrBadGrade_Throws()
    {
        string folder = Path.Combine(Path.GetTempPath(), "skinsight-acne-data-" + Guid.NewGuid().ToString("N"));
        TestImages.WriteSolid(Path.Combine(folder, "images", "a.jpg"), 8, 8, SKColors.Gray);
        File.WriteAllLines(Path.Combine(folder, AcneDataSet.LabelsFileName),
            ["image_file,source_image,severity_level", "images/a.jpg,a.jpg,5"]);
        try
        {
            var unknown = Assert.Throws<InvalidInputException>(() => AcneDataSet.Read(folder, "holdout"));
            Assert.Contains("'holdout'", unknown.Message);
            var grade = Assert.Throws<InvalidInputException>(() => AcneDataSet.Read(folder));
            Assert.Contains("severity_level '5'", grade.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Read_SplitName_KeepsOnlyItsRows()
    {
        string folder = Path.Combine(Path.GetTempPath(), "skinsight-acne-data-" + Guid.NewGuid().ToString("N"));
        TestImages.WriteSolid(Path.Combine(folder, "images", "a.jpg"), 8, 8, SKColors.Gray);
        // levle0_0.jpg hashes to train and a.jpg to test; both rows point at the same photo.
        File.WriteAllLines(Path.Combine(folder, AcneDataSet.LabelsFileName),
            ["image_file,source_image,severity_level", "images/a.jpg,levle0_0.jpg,1", "images/a.jpg,a.jpg,2"]);
        try
        {
            Assert.Equal(2, AcneDataSet.Read(folder).Count);
            AcnePhoto test = Assert.Single(AcneDataSet.Read(folder, AcneSplit.Test));
            Assert.Equal(2, test.Grade);
            Assert.Throws<InvalidInputException>(() => AcneDataSet.Read(folder, AcneSplit.Validation));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Extract_CorruptCache_ExtractsAgainAndRewritesCache()
    {
        string folder = Path.Combine(Path.GetTempPath(), "skinsight-acne-cache-" + Guid.NewGuid().ToString("N"));
        string photoPath = Path.Combine(folder, "images", "a.jpg");
        TestImages.WriteSolid(photoPath, 64, 64, new SKColor(200, 120, 110));
        string cachePath = Path.Combine(folder, "features.bin");
        File.WriteAllBytes(cachePath, [1, 2, 3]);
        AcnePhoto[] photos = [new("images/a.jpg", photoPath, "a.jpg", 1)];
        try
        {
            float[][] first = AcneFeatureCache.Extract(photos, cachePath);
            var reports = new List<AcneExtractionProgress>();
            float[][] second = AcneFeatureCache.Extract(photos, cachePath, new SynchronousProgress<AcneExtractionProgress>(reports.Add));

            Assert.Equal(AcnePhotoFeaturizer.FeatureCount, first[0].Length);
            Assert.Equal(first[0], second[0]);
            Assert.Equal(1, Assert.Single(reports).FromCache);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (float R, float G, float B) CentreColour(float[] view)
    {
        int plane = 224 * 224;
        int centre = (112 * 224) + 112;
        return (view[centre], view[plane + centre], view[(2 * plane) + centre]);
    }

    private static (float[][] Features, int[] Labels) ClusteredFeatures(int perGrade, int seed, int featureCount = 64)
    {
        var random = new Random(seed);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int grade = 0; grade < AcneGradeMetrics.GradeCount; grade++)
        {
            for (int k = 0; k < perGrade; k++)
            {
                var row = new float[featureCount];
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = (float)random.NextDouble();
                }

                // Each grade lifts its own block of features, so a linear head can separate them.
                for (int j = grade * 8; j < (grade * 8) + 8; j++)
                {
                    row[j] += 3;
                }

                rows.Add(row);
                labels.Add(grade);
            }
        }

        return (rows.ToArray(), labels.ToArray());
    }
}
