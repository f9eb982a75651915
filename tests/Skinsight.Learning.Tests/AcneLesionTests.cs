using System.Globalization;
using SkiaSharp;
using Skinsight.Learning.Acne;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class AcneLesionTests
{
    [Fact]
    public void PretrainedThreeStages_MatchFullBackbone()
    {
        using var full = Backbone.PretrainedResNet18.Create();
        using var partial = Backbone.PretrainedResNet18.Create(AcneLesionNetwork.BackboneStages);
        using var disabled = TorchSharp.torch.no_grad();
        using var photo = TorchSharp.torch.rand(1, 3, 64, 96) * 255;

        (var full8, var full16) = full.MidLevelFeatures(photo);
        (var part8, var part16) = partial.MidLevelFeatures(photo);

        Assert.Equal(3, partial.Stages);
        Assert.True(partial.parameters().Count() < full.parameters().Count());
        Assert.Equal([1L, 256, 4, 6], part16.shape);
        Assert.True(full8.allclose(part8));
        Assert.True(full16.allclose(part16));
        Assert.Throws<ArgumentException>(() => new AcneLesionNetwork(new Backbone.ResNet18Backbone()));
    }

    [Fact]
    public void BuildTargets_OneLesion_MarksItsCentreCell()
    {
        // Box 16x24 at (40, 36): centre (48, 48), cell (6, 6) of an 8x8 grid; size 2 x 3 cells.
        var targets = AcneLesionTargets.Build([new AcneLesion(40, 36, 16, 24, 2)], 64);

        int centre = (6 * 8) + 6;
        Assert.Equal(8, targets.Side);
        Assert.Equal(1f, targets.Centres[centre]);
        Assert.Equal(MathF.Log(2), targets.Sizes[centre], 5);
        Assert.Equal(MathF.Log(3), targets.Sizes[64 + centre], 5);
        Assert.Equal(2, targets.Types[centre]);
        Assert.Equal(AcneLesionTargets.NoType, targets.Types[centre - 1]);
        Assert.InRange(targets.Centres[centre - 1], 0.1f, 0.99f);
        Assert.Equal(0f, targets.Centres[0]);
        Assert.Equal(1, targets.Centres.Count(v => v == 1));
    }

    [Fact]
    public void BuildTargets_CentreOutsideCrop_IsLeftOut()
    {
        var targets = AcneLesionTargets.Build([new AcneLesion(60, 10, 10, 10, 0), new AcneLesion(-9, 20, 10, 10, 1)], 64);

        Assert.All(targets.Centres, v => Assert.Equal(0f, v));
        Assert.All(targets.Types, t => Assert.Equal(AcneLesionTargets.NoType, t));
    }

    [Fact]
    public void Peaks_TwoBumpsAndAPlateau_OnePeakEach()
    {
        var p = new float[5, 6];
        p[1, 1] = 0.9f;
        p[1, 2] = 0.5f;
        p[3, 4] = 0.4f;
        p[3, 5] = 0.4f;
        p[0, 5] = 0.05f;

        var peaks = AcneLesionDecoder.Peaks(p, 0.1f);

        Assert.Equal([(1, 1, 0.9f), (3, 4, 0.4f)], peaks);
    }

    [Fact]
    public void Decode_PeakCell_GivesBoxInInputPixels()
    {
        var p = new float[4, 4];
        p[2, 1] = 0.8f;
        using var output = TorchSharp.torch.zeros(1, AcneLesionNetwork.OutputChannels, 4, 4);
        output[0, AcneLesionNetwork.SizeChannel, 2, 1] = TorchSharp.torch.tensor(MathF.Log(2));
        output[0, AcneLesionNetwork.SizeChannel + 1, 2, 1] = TorchSharp.torch.tensor(0f);
        output[0, AcneLesionNetwork.TypeChannel + 3, 2, 1] = TorchSharp.torch.tensor(5f);

        DetectedLesion lesion = Assert.Single(AcneLesionDecoder.Decode(output, p, 0.5f));

        // Cell (row 2, column 1) has its centre at (12, 20); the box is 16 x 8 pixels.
        Assert.Equal(4f, lesion.X, 4);
        Assert.Equal(16f, lesion.Y, 4);
        Assert.Equal(16f, lesion.Width, 4);
        Assert.Equal(8f, lesion.Height, 4);
        Assert.Equal(3, lesion.Type);
        Assert.Equal(0.8f, lesion.Score);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(20, 1)]
    [InlineData(21, 2)]
    [InlineData(50, 2)]
    [InlineData(51, 3)]
    public void HayashiGrade_Count_FollowsTheCriterion(int count, int grade) =>
        Assert.Equal(grade, AcneLesionDetector.HayashiGrade(count));

    [Fact]
    public void BuildTargets_EdgeLesions_DensitySumsToCount()
    {
        // One lesion in the middle, one whose centre is in the corner cell, one outside the crop.
        var targets = AcneLesionTargets.Build(
            [new AcneLesion(28, 28, 8, 8, 0), new AcneLesion(0, 0, 4, 4, 1), new AcneLesion(70, 10, 8, 8, 0)], 64);

        Assert.Equal(2, targets.Count);
        Assert.Equal(2, targets.Density.Sum(), 4);
        Assert.True(targets.Density[0] > targets.Density[(4 * 8) + 4]);
    }

    [Fact]
    public void Score_HandCounted_RoundsAndGrades()
    {
        // Rounded counts 2, 7 and 30 against labelled 3, 7 and 55: errors 1, 0 and 25; grades 0, 1, 2 against 0, 1, 3.
        (double mae, double accuracy) = AcneLesionTraining.Score([1.6, 6.5, 29.8], [3, 7, 55], [0, 1, 3]);

        Assert.Equal(26.0 / 3, mae, 10);
        Assert.Equal(2.0 / 3, accuracy, 10);
    }

    [Fact]
    public void FitCalibration_DoubledCounts_FindsScaleTwo()
    {
        AcneCountCalibration calibration = AcneCountCalibration.Fit([1, 2, 4, 10, 50], [2, 4, 8, 20, 100]);

        Assert.Equal(new AcneCountCalibration(2, 1), calibration);
        Assert.Equal(30, calibration.Apply(15), 10);
        Assert.Equal(0, AcneCountCalibration.Identity.Apply(-1), 10);
    }

    [Fact]
    public void ReadAnnotation_UnknownType_NamesIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("a.xml");
        File.WriteAllText(path, Annotation(64, 64, [("scar", 1, 1, 5, 5)]));

        var error = Assert.Throws<Core.InvalidInputException>(() => AcneLesionDataSet.ReadAnnotation(path));

        Assert.Contains("'scar'", error.Message);
    }

    [Fact]
    public void TrainLesionCounting_TinyFolder_Reloads()
    {
        using var folder = new TempFolder();
        string data = folder.File("data");
        string model = folder.File("model");
        WriteLesionFolder(data);

        var options = new AcneLesionTrainingOptions(Epochs: 3, Seed: 2, BatchSize: 4, InputSize: 128, CropSize: 64);
        AcneGraderInfo info = AcneGraderTraining.TrainLesionCounting(data, model, options, mirrorAverage: true);
        AcneGraderEvaluation test = AcneGraderTraining.Evaluate(data, AcneSplit.Test, model, cachePath: null);

        AcneLesionCounting counting = info.LesionCounting!;
        Assert.Equal(AcneGraderKind.LesionCounting, AcneGraderModel.ReadInfo(model).Kind);
        Assert.Equal(3, counting.History.Count);
        Assert.True(counting.History[^1].Loss < counting.History[0].Loss,
            $"The loss went from {counting.History[0].Loss} to {counting.History[^1].Loss}.");
        Assert.InRange(counting.ValidationCountMae, 0, 10);
        Assert.Equal(info.Test.Confusion, test.Metrics.Confusion);
        Assert.Throws<ModelFormatException>(() => AcneGraderModel.LoadFineTuned(model));
        AcneGraderInfo again = AcneGraderTraining.Recalibrate(data, model);
        Assert.Equal(counting.Calibration, again.LesionCounting!.Calibration);
        Assert.Equal(info.Test.Confusion, again.Test.Confusion);
    }

    [Fact]
    public void Train_StoppedThenResumed_MatchesWholeRun()
    {
        using var folder = new TempFolder();
        string data = folder.File("data");
        WriteLesionFolder(data);
        var train = AcneLesionDataSet.Read(data, AcneSplit.Train);
        var validation = AcneLesionDataSet.Read(data, AcneSplit.Validation);
        var options = new AcneLesionTrainingOptions(Epochs: 2, Seed: 3, BatchSize: 4, InputSize: 128, CropSize: 64);

        AcneLesionTrainingResult whole = AcneLesionTraining.Train(train, validation, options, folder.File("whole"), null);
        string checkpoint = folder.File("resumed");
        using (var cancel = new CancellationTokenSource())
        {
            var stopAfterFirst = new SynchronousProgress<Condition.TrainingProgress>(p =>
            {
                if (p.Batch == 0)
                {
                    cancel.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(
                () => AcneLesionTraining.Train(train, validation, options, checkpoint, stopAfterFirst, cancel.Token));
        }

        var epochsRun = new List<int>();
        AcneLesionTrainingResult resumed = AcneLesionTraining.Train(train, validation, options, checkpoint,
            new SynchronousProgress<Condition.TrainingProgress>(p => epochsRun.Add(p.Epoch)));

        using (whole.Network)
        using (resumed.Network)
        {
            Assert.DoesNotContain(1, epochsRun);
            Assert.Equal(whole.BestEpoch, resumed.BestEpoch);
            Assert.Equal(whole.History.Select(e => e.Loss), resumed.History.Select(e => e.Loss), new Tolerance(1e-4));
        }

        var error = Assert.Throws<LearningException>(
            () => AcneLesionTraining.Train(train, validation, options with { CropSize = 96 }, checkpoint, null));
        Assert.Contains("crops of 64 px", error.Message);
    }

    /// <summary>Writes an ACNE04-style folder of 128x128 skin-coloured photos with red dots at the annotated boxes.</summary>
    private static void WriteLesionFolder(string folder)
    {
        var wanted = new Dictionary<string, int> { [AcneSplit.Train] = 8, [AcneSplit.Validation] = 3, [AcneSplit.Test] = 3 };
        var lines = new List<string> { "image_file,annotation_file,source_image,severity_level" };
        var random = new Random(5);
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        Directory.CreateDirectory(Path.Combine(folder, "annotations"));
        for (int i = 0; wanted.Values.Any(n => n > 0); i++)
        {
            string source = $"levle0_{i}.jpg";
            string split = AcneSplit.Of(source);
            if (wanted[split] == 0)
            {
                continue;
            }

            wanted[split]--;
            var boxes = Enumerable.Range(0, 1 + (i % 4))
                .Select(_ => (AcneLesionTypes.Names[random.Next(4)], random.Next(8, 104), random.Next(8, 104), 0, 0))
                .Select(b => (b.Item1, b.Item2, b.Item3, b.Item2 + 14, b.Item3 + 14))
                .ToList();
            using (var bitmap = new SKBitmap(128, 128))
            using (var canvas = new SKCanvas(bitmap))
            using (var paint = new SKPaint { Color = new SKColor(200, 60, 60), IsAntialias = true })
            {
                canvas.Clear(new SKColor(225, 185, 160));
                foreach (var b in boxes)
                {
                    canvas.DrawCircle(b.Item2 + 7, b.Item3 + 7, 6, paint);
                }

                using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(folder, "images", $"{i}.png"), encoded.ToArray());
            }

            File.WriteAllText(Path.Combine(folder, "annotations", $"{i}.xml"), Annotation(128, 128, boxes));
            lines.Add($"images/{i}.png,annotations/{i}.xml,{source},{(boxes.Count > 5 ? 1 : 0)}");
        }

        File.WriteAllLines(Path.Combine(folder, AcneDataSet.LabelsFileName), lines);
    }

    private static string Annotation(int width, int height, IEnumerable<(string Name, int XMin, int YMin, int XMax, int YMax)> boxes)
    {
        string objects = string.Concat(boxes.Select(b => string.Create(CultureInfo.InvariantCulture,
            $"<object><name>{b.Name}</name><bndbox><xmin>{b.XMin}</xmin><xmax>{b.XMax}</xmax>"
            + $"<ymin>{b.YMin}</ymin><ymax>{b.YMax}</ymax></bndbox></object>")));
        return $"<annotation><size><width>{width}</width><height>{height}</height><depth>3</depth></size>{objects}</annotation>";
    }
}
