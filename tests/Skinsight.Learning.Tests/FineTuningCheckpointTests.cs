using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Training;
using Skinsight.Testing;
using SkiaSharp;
using static TorchSharp.torch;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class FineTuningCheckpointTests
{
    private static readonly FineTuningRun s_run = new(
        ClassCount: 3,
        InputSize: 32,
        BatchSize: 4,
        Epochs: 3,
        Seed: 4,
        new FineTuningOptions(HeadLearningRate: 1e-2, MaxRotationDegrees: 10, ColourJitter: 0.1));

    [Fact]
    public void Train_StoppedThenResumed_MatchesWholeRun()
    {
        using var folder = new TempFolder();
        (List<LabeledImage> train, List<LabeledImage> validation) = Images(folder.File("images"));

        FineTuningResult whole = ResNetFineTuning.Train(train, validation, s_run, Score, folder.File("whole"), null);

        string resumedFolder = folder.File("resumed");
        TrainOneEpochAndStop(train, validation, resumedFolder);

        // Files of epoch 2 that a run stopped while saving that epoch would leave: its state.json still names epoch 1.
        Directory.CreateDirectory(Path.Combine(resumedFolder, "epoch-002"));
        File.WriteAllText(Path.Combine(resumedFolder, "epoch-002", "last.bin"), "cut off");
        File.WriteAllText(Path.Combine(resumedFolder, "best-002.bin"), "cut off");
        var epochsRun = new List<int>();
        FineTuningResult resumed = ResNetFineTuning.Train(train, validation, s_run, Score, resumedFolder,
            new SynchronousProgress<TrainingProgress>(p => epochsRun.Add(p.Epoch)));

        using (whole.Network)
        using (resumed.Network)
        {
            Assert.DoesNotContain(1, epochsRun);
            Assert.Equal(whole.BestEpoch, resumed.BestEpoch);
            Assert.Equal(whole.History.Select(e => e.TrainLoss), resumed.History.Select(e => e.TrainLoss), new Tolerance(1e-4));
            foreach ((string name, Tensor expected) in whole.Network.state_dict())
            {
                Tensor actual = resumed.Network.state_dict()[name];
                using Tensor difference = (expected.to_type(ScalarType.Float32) - actual.to_type(ScalarType.Float32)).abs();
                using Tensor scale = expected.to_type(ScalarType.Float32).abs().max();
                double relative = difference.max().item<float>() / Math.Max(scale.item<float>(), 1e-6);
                Assert.True(relative < 1e-3, $"{name} differs after resuming by {relative:E2} of its largest value");
            }
        }
    }

    [Fact]
    public void Train_OtherSeedCheckpoint_Throws()
    {
        using var folder = new TempFolder();
        (List<LabeledImage> train, List<LabeledImage> validation) = Images(folder.File("images"));
        string checkpoint = folder.File("checkpoint");
        TrainOneEpochAndStop(train, validation, checkpoint);

        var error = Assert.Throws<LearningException>(
            () => ResNetFineTuning.Train(train, validation, s_run with { Seed = 5 }, Score, checkpoint, null));

        Assert.Contains(checkpoint, error.Message);
        Assert.Contains("seed 4 (now 5)", error.Message);
    }

    [Fact]
    public void Train_FlipChangedCheckpoint_Throws()
    {
        using var folder = new TempFolder();
        (List<LabeledImage> train, List<LabeledImage> validation) = Images(folder.File("images"));
        string checkpoint = folder.File("checkpoint");
        TrainOneEpochAndStop(train, validation, checkpoint);

        // The best epoch so far was chosen on single-pass scores, which flip-averaged ones must not be compared with.
        var error = Assert.Throws<LearningException>(() => ResNetFineTuning.Train(
            train, validation, s_run with { FlipAveragedScore = true }, Score, checkpoint, null));

        Assert.Contains(checkpoint, error.Message);
        Assert.Contains("flip-averaged val score off (now on)", error.Message);
    }

    [Fact]
    public void Train_ClassWeightChangedCheckpoint_Throws()
    {
        using var folder = new TempFolder();
        (List<LabeledImage> train, List<LabeledImage> validation) = Images(folder.File("images"));
        string checkpoint = folder.File("checkpoint");
        TrainOneEpochAndStop(train, validation, checkpoint);

        var error = Assert.Throws<LearningException>(() => ResNetFineTuning.Train(
            train, validation, s_run with { Tuning = s_run.Tuning with { ClassWeightPower = 0.25 } }, Score, checkpoint, null));

        Assert.Contains("class-weight power 0.5 (now 0.25)", error.Message);
    }

    [Fact]
    public void Train_CheckpointOfRelabelledImages_Throws()
    {
        using var folder = new TempFolder();
        (List<LabeledImage> train, List<LabeledImage> validation) = Images(folder.File("images"));
        string checkpoint = folder.File("checkpoint");
        TrainOneEpochAndStop(train, validation, checkpoint);
        List<LabeledImage> relabelled = [train[0] with { Label = (train[0].Label + 1) % 3 }, .. train.Skip(1)];

        var error = Assert.Throws<LearningException>(
            () => ResNetFineTuning.Train(relabelled, validation, s_run, Score, checkpoint, null));

        Assert.Contains(checkpoint, error.Message);
        Assert.Contains("labels changed", error.Message);
    }

    [Fact]
    public void Fingerprint_MovedFolder_StaysTheSame()
    {
        List<LabeledImage> train = [new("a", "/one/a.jpg", 0, "train")];
        List<LabeledImage> validation = [new("b", "/one/b.jpg", 1, "val")];
        List<LabeledImage> moved = [train[0] with { ImagePath = "/two/a.jpg" }];
        List<LabeledImage> relabelled = [train[0] with { Label = 2 }];

        string original = FineTuningCheckpoint.Fingerprint(train, validation);

        Assert.Equal(original, FineTuningCheckpoint.Fingerprint(moved, validation));
        Assert.NotEqual(original, FineTuningCheckpoint.Fingerprint(relabelled, validation));
        Assert.NotEqual(original, FineTuningCheckpoint.Fingerprint(validation, train));
    }

    /// <summary>
    /// Runs <see cref="s_run"/> and cancels it at the end-of-epoch report of epoch 1, after its checkpoint was
    /// written, as a stopped process would leave it.
    /// </summary>
    private static void TrainOneEpochAndStop(List<LabeledImage> train, List<LabeledImage> validation, string checkpoint)
    {
        using var cancel = new CancellationTokenSource();
        var stopAfterFirst = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Batch == 0)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(
            () => ResNetFineTuning.Train(train, validation, s_run, Score, checkpoint, stopAfterFirst, cancel.Token));
    }

    private static (double Score, double Accuracy) Score(ConditionNetwork network)
    {
        // The score only has to differ between epochs; the mean output is enough for that.
        network.eval();
        using var disabled = no_grad();
        using Tensor input = ones(1, 3, 32, 32) * 128;
        using Tensor output = network.forward(input);
        double value = output.mean().item<float>();
        return (value, 0);
    }

    /// <summary>Eight training and three validation images, each class a different solid colour.</summary>
    private static (List<LabeledImage> Train, List<LabeledImage> Validation) Images(string folder)
    {
        var train = new List<LabeledImage>();
        var validation = new List<LabeledImage>();
        for (int i = 0; i < 11; i++)
        {
            int label = i % 3;
            string path = Path.Combine(folder, $"{i}.jpg");
            TestImages.WriteSolid(path, 24, 24, new SKColor((byte)(80 * label), 120, (byte)(200 - (60 * label))));
            var image = new LabeledImage($"image{i}", path, label, i < 8 ? "train" : "val");
            (i < 8 ? train : validation).Add(image);
        }

        return (train, validation);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
