using Skinsight.Learning.Condition;
using Skinsight.Learning.Training;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ConditionTrainingTests
{
    private const int InputSize = 32;

    [Theory]
    [InlineData(ConditionModelKind.FrozenBackbone)]
    [InlineData(ConditionModelKind.FineTuned)]
    public void Train_TinySyntheticSet_SavesModelThatEvaluates(ConditionModelKind kind)
    {
        using var folder = new TempFolder();
        string data = folder.File("data");
        string model = folder.File("model");
        TestImages.WriteDataSet(data, SyntheticRows());
        var losses = new List<double>();
        var options = new ConditionTrainingOptions(
            Kind: kind,
            InputSize: InputSize,
            BatchSize: 7,
            Head: new HeadTrainingOptions(LearningRate: 1e-2),
            FineTuning: new FineTuningOptions(HeadLearningRate: 1e-2, MaxRotationDegrees: 0, ColourJitter: 0));

        var result = ConditionTraining.Train(
            data, model, epochs: 3, seed: 2, new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Batch == 0)
                {
                    losses.Add(p.TrainLoss);
                }
            }), options);
        var evaluation = ConditionTraining.Evaluate(data, "val", model);

        Assert.Equal(3, losses.Count);
        Assert.True(losses[^1] < losses[0], $"loss went from {losses[0]} to {losses[^1]}");
        Assert.Equal(kind, ConditionModelFiles.ReadInfo(model).Kind);
        Assert.Equal(7, evaluation.Metrics.SampleCount);
        if (kind == ConditionModelKind.FrozenBackbone)
        {
            // Only the frozen kind reloads bit for bit; fine-tuned weights are stored as float16.
            Assert.Equal(result.Validation.Accuracy, evaluation.Metrics.Accuracy, 6);
            Assert.Equal(result.Referral.Recall, evaluation.Referral.Recall, 6);
        }
    }

    [Fact]
    public void Train_AcneGraderFolder_KeepsItsWeights()
    {
        using var folder = new TempFolder();
        string data = folder.File("data");
        string model = folder.File("acne-model");
        TestImages.WriteDataSet(data, SyntheticRows());
        Directory.CreateDirectory(model);
        string weights = Path.Combine(model, ConditionModelFiles.WeightsFileName);
        File.WriteAllBytes(weights, [1, 2, 3]);
        File.WriteAllText(Path.Combine(model, "acne-grader.json"), "{}");

        var error = Assert.Throws<LearningException>(() => ConditionTraining.Train(data, model, epochs: 1, seed: 1));

        Assert.Contains(model, error.Message);
        Assert.Contains(ConditionModelFiles.InfoFileName, error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(weights));
    }

    /// <summary>Two training images and one validation image per class, each class its own solid colour.</summary>
    private static List<(int Label, string Split)> SyntheticRows()
    {
        var rows = new List<(int, string)>();
        for (int label = 0; label < ConditionClasses.Count; label++)
        {
            rows.Add((label, "train"));
            rows.Add((label, "train"));
            rows.Add((label, "val"));
        }

        return rows;
    }
}
