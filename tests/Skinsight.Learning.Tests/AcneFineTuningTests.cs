using SkiaSharp;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Condition;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class AcneFineTuningTests
{
    [Fact]
    public void FineTune_TinyFolder_SavesReloadableGrader()
    {
        using var folder = new TempFolder();
        string data = folder.File("data");
        string model = folder.File("model");
        WriteAcneFolder(data);

        AcneGraderInfo info = AcneGraderTraining.FineTune(data, model, new AcneFineTuningOptions(InputSize: 64, Epochs: 2, Seed: 3));
        AcneGraderEvaluation test = AcneGraderTraining.Evaluate(data, AcneSplit.Test, model, cachePath: null);

        Assert.Equal(AcneGraderKind.FineTuned, info.Kind);
        Assert.Equal(2, info.History!.Count);
        Assert.InRange(info.BestEpoch!.Value, 1, 2);
        Assert.Equal(AcneGraderKind.FineTuned, AcneGraderModel.ReadInfo(model).Kind);
        Assert.Equal(64, AcneGraderModel.ReadInfo(model).FineTuning!.InputSize);
        Assert.False(Directory.Exists(Path.Combine(model, AcneGraderTraining.CheckpointFolderName)));
        // The recorded test score was measured on the float16-rounded weights, so a reload scores the same.
        Assert.Equal(info.Test.N, test.Metrics.N);
        Assert.Equal(info.Test.SeverityAccuracy, test.Metrics.SeverityAccuracy);
        Assert.Equal(info.Test.Confusion, test.Metrics.Confusion);
    }

    [Fact]
    public void LoadHead_FineTunedFolder_Throws()
    {
        using var folder = new TempFolder();
        string data = folder.File("data");
        string model = folder.File("model");
        WriteAcneFolder(data);
        AcneGraderTraining.FineTune(data, model, new AcneFineTuningOptions(InputSize: 64, Epochs: 1, Seed: 1));

        var error = Assert.Throws<ModelFormatException>(() => AcneGraderModel.Load(model));

        Assert.Contains("FineTuned", error.Message);
    }

    [Fact]
    public void FineTune_ConditionFolder_KeepsItsWeights()
    {
        using var folder = new TempFolder();
        string data = folder.File("data");
        string model = folder.File("condition-model");
        WriteAcneFolder(data);
        Directory.CreateDirectory(model);
        string weights = Path.Combine(model, AcneGraderModel.WeightsFileName);
        File.WriteAllBytes(weights, [1, 2, 3]);
        File.WriteAllText(Path.Combine(model, "model.json"), "{}");

        var error = Assert.Throws<LearningException>(
            () => AcneGraderTraining.FineTune(data, model, new AcneFineTuningOptions(InputSize: 64, Epochs: 1)));

        Assert.Contains(model, error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(weights));
        Assert.False(File.Exists(Path.Combine(model, AcneGraderModel.InfoFileName)));
    }

    [Fact]
    public void ToRun_FlipAverage_SetsFlipAveragedScore()
    {
        var single = new AcneFineTuningOptions(FlipAverage: false).ToRun();
        var flipped = new AcneFineTuningOptions(FlipAverage: true).ToRun();

        Assert.False(single.FlipAveragedScore);
        Assert.True(flipped.FlipAveragedScore);
        Assert.NotEqual(single, flipped);
    }

    [Fact]
    public void SavedViews_ViewsOrFlipAverage_SameRun()
    {
        var flipped = new AcneFineTuningOptions(InputSize: 96, FlipAverage: true);
        var twoScales = flipped with { Views = ImageViews.TwoScales(96) };

        Assert.Equal(ImageViews.Single(96), new AcneFineTuningOptions(InputSize: 96).SavedViews);
        Assert.Equal(ImageViews.Flips(96), flipped.SavedViews);
        Assert.Equal(ImageViews.TwoScales(96), twoScales.SavedViews);

        // The saved views are applied after training, so a checkpoint of the same run can be resumed with other ones.
        Assert.Equal(flipped.ToRun(), twoScales.ToRun());
    }

    /// <summary>
    /// Writes an ACNE04-style folder with photos in every split: the source names are picked by their hash bucket,
    /// and each grade has its own colour.
    /// </summary>
    private static void WriteAcneFolder(string folder)
    {
        var wanted = new Dictionary<string, int> { [AcneSplit.Train] = 8, [AcneSplit.Validation] = 4, [AcneSplit.Test] = 4 };
        var lines = new List<string> { "image_file,source_image,severity_level" };
        for (int i = 0; wanted.Values.Any(n => n > 0); i++)
        {
            string source = $"levle{i % 4}_{i}.jpg";
            string split = AcneSplit.Of(source);
            if (wanted[split] == 0)
            {
                continue;
            }

            wanted[split]--;
            int grade = i % 4;
            string file = $"images/{i}.jpg";
            TestImages.WriteSolid(Path.Combine(folder, file), 80, 80, new SKColor((byte)(60 * grade), 150, (byte)(220 - (50 * grade))));
            lines.Add($"{file},{source},{grade}");
        }

        File.WriteAllLines(Path.Combine(folder, AcneDataSet.LabelsFileName), lines);
    }
}
