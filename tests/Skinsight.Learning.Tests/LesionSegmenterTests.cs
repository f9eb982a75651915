using OpenCvSharp;
using Skinsight.Learning.Segmentation;
using Skinsight.Testing;
using Scalar = OpenCvSharp.Scalar;
using static TorchSharp.torch;
using Size = OpenCvSharp.Size;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class LesionSegmenterTests
{
    private static readonly LesionSegmenterTrainingOptions s_tiny = new(Epochs: 3, Seed: 3, BatchSize: 8,
        LearningRate: 1e-2, Width: 4, InputWidth: 32, InputHeight: 24);

    [Fact]
    public void Forward_Batch_ReturnsOneLogitPerPixel()
    {
        random.manual_seed(1);
        using var network = new LesionUNet(width: 4);
        network.eval();
        using var input = rand([2, 3, 48, 64]) * 255;

        using var output = network.forward(input);

        Assert.Equal([2L, 48L, 64L], output.shape);
    }

    [Fact]
    public void Parameters_DefaultWidth_AboutHalfAMillion()
    {
        using var network = new LesionUNet();

        long count = network.parameters().Sum(p => p.numel());

        Assert.Equal(488_001, count);
    }

    [Fact]
    public void Forward_OddSide_Throws()
    {
        using var network = new LesionUNet(width: 4);
        using var input = zeros([1, 3, 20, 64]);

        var exception = Assert.Throws<ArgumentException>(() => network.forward(input));

        Assert.Contains("multiples of 8", exception.Message);
    }

    [Fact]
    public void Loss_FewAdamWSteps_Decreases()
    {
        random.manual_seed(4);
        using var network = new LesionUNet(width: 4);
        using var optimizer = optim.AdamW(network.parameters(), 1e-2);
        using var images = rand([4, 3, 24, 32]) * 60 + 150;
        using var targets = zeros([4, 24, 32]);
        // A dark square in each image is the lesion.
        using (no_grad())
        {
            images[.., .., 6..18, 8..24] -= 120;
            targets[.., 6..18, 8..24] = 1;
        }

        network.train();
        float first = 0, last = 0;
        for (int step = 0; step < 15; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = LesionSegmentationTraining.Loss(network.forward(images), targets);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0)
            {
                first = last;
            }
        }

        Assert.True(last < 0.7 * first, $"Loss went from {first:0.000} to {last:0.000}.");
    }

    [Fact]
    public void Train_SyntheticSpots_LowersLossAndSavesModel()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, train: 32, validation: 8);

        LesionSegmenterInfo info = LesionSegmentationTraining.Train(data.Path, model.Path, s_tiny);

        Assert.Equal(3, info.History.Count);
        Assert.True(info.History[^1].TrainLoss < info.History[0].TrainLoss,
            $"Train loss went from {info.History[0].TrainLoss:0.000} to {info.History[^1].TrainLoss:0.000}.");
        Assert.Equal(32, info.TrainingImages);
        Assert.Equal(8, info.ValidationImages);
        Assert.InRange(info.ValidationJaccard, 0, 1);
        Assert.True(LearnedLesionSegmenter.IsModelDirectory(model.Path));
        Assert.False(Directory.Exists(Path.Combine(model.Path, LesionSegmenterFiles.CheckpointFolderName)));
    }

    [Fact]
    public void Train_StoppedAndResumed_MatchesUninterruptedRun()
    {
        using var data = new TempFolder();
        using var straight = new TempFolder();
        using var resumed = new TempFolder();
        WriteSyntheticSet(data.Path, train: 16, validation: 4);
        LesionSegmenterInfo expected = LesionSegmentationTraining.Train(data.Path, straight.Path, s_tiny);

        using var stop = new CancellationTokenSource();
        var progress = new StopAt(p => p.Epoch == 3, stop);
        Assert.Throws<OperationCanceledException>(() =>
            LesionSegmentationTraining.Train(data.Path, resumed.Path, s_tiny, progress, stop.Token));
        LesionSegmenterInfo actual = LesionSegmentationTraining.Train(data.Path, resumed.Path, s_tiny);

        Assert.Equal(expected.History.Select(e => e.TrainLoss), actual.History.Select(e => e.TrainLoss));
        Assert.Equal(expected.ValidationJaccard, actual.ValidationJaccard);
    }

    [Fact]
    public void Train_NoValRows_ThrowsNamingTheSplit()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, train: 16, validation: 0);

        var exception = Assert.Throws<DataSetException>(() =>
            LesionSegmentationTraining.Train(data.Path, model.Path, s_tiny));

        Assert.Contains("val", exception.Message);
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesSameMask()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, train: 16, validation: 4);
        LesionSegmentationTraining.Train(data.Path, model.Path, s_tiny with { Epochs = 1 });
        using Mat image = Cv2.ImRead(Path.Combine(data.Path, "images", "spot0.png"), ImreadModes.Color);

        var (info, network) = LesionSegmenterFiles.Load(model.Path);
        byte[] input = LesionSegmentationData.ToInput(image, info.Options.InputWidth, info.Options.InputHeight);
        float[] direct = LesionSegmentationTraining.Probabilities(network, input, 32, 24);
        network.save(Path.Combine(model.Path, "copy.bin"));
        network.Dispose();
        using var reloaded = new LesionUNet(info.Options.Width);
        reloaded.load(Path.Combine(model.Path, "copy.bin"));
        float[] again = LesionSegmentationTraining.Probabilities(reloaded, input, 32, 24);

        Assert.Equal(direct.Length, again.Length);
        for (int i = 0; i < direct.Length; i++)
        {
            Assert.Equal(direct[i], again[i], 6);
        }
    }

    [Fact]
    public void Segment_SavedModel_ReturnsMaskOfImageSize()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, train: 16, validation: 4);
        LesionSegmentationTraining.Train(data.Path, model.Path, s_tiny with { Epochs = 1 });
        using var segmenter = new LearnedLesionSegmenter(model.Path);
        using Mat image = Cv2.ImRead(Path.Combine(data.Path, "images", "spot1.png"), ImreadModes.Color);

        using Mat mask = segmenter.Segment(image);

        Assert.Equal(image.Size(), mask.Size());
        Assert.Equal(MatType.CV_8UC1, mask.Type());
    }

    [Fact]
    public void Segment_MissingModel_ThrowsModelFormatException()
    {
        using var folder = new TempFolder();
        using var segmenter = new LearnedLesionSegmenter(folder.Path);
        using var image = new Mat(48, 64, MatType.CV_8UC3, Scalar.All(128));

        Assert.Throws<ModelFormatException>(() => segmenter.Segment(image));
    }

    [Fact]
    public void ToMask_TwoSpotsOneWithHole_KeepsLargerFilled()
    {
        const int width = 16, height = 8;
        var probabilities = new float[width * height];
        for (int y = 1; y < 7; y++)
        {
            for (int x = 1; x < 7; x++)
            {
                probabilities[(y * width) + x] = 0.9f;
            }
        }

        probabilities[(3 * width) + 3] = 0.1f;
        probabilities[(4 * width) + 12] = 0.9f;

        using Mat mask = LesionSegmentationTraining.ToMask(probabilities, 0, width, height, new Size(64, 32));

        Assert.Equal(new Size(64, 32), mask.Size());
        Assert.Equal(255, mask.At<byte>(14, 14));
        Assert.Equal(0, mask.At<byte>(17, 50));
        Assert.Equal(0, mask.At<byte>(1, 60));
    }

    [Fact]
    public void ToInput_BlueImage_PutsBlueInThirdChannel()
    {
        using var image = new Mat(15, 20, MatType.CV_8UC3, new Scalar(200, 10, 0));

        byte[] input = LesionSegmentationData.ToInput(image, 8, 8);

        Assert.Equal(0, input[0]);
        Assert.Equal(10, input[64]);
        Assert.Equal(200, input[128]);
    }

    /// <summary>
    /// Writes a folder like ham10000-dermamnist with skin-coloured 80x60 PNGs, each with one darker ellipse whose
    /// place and size vary, and its mask.
    /// </summary>
    private static void WriteSyntheticSet(string folder, int train, int validation)
    {
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        Directory.CreateDirectory(Path.Combine(folder, "masks"));
        var lines = new List<string> { "image_id,dermamnist_split,image_file,mask_file" };
        var rng = new Random(11);
        for (int i = 0; i < train + validation; i++)
        {
            using var image = new Mat(60, 80, MatType.CV_8UC3, new Scalar(150, 170, 215));
            using var mask = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(0));
            var centre = new Point(25 + rng.Next(30), 20 + rng.Next(20));
            var axes = new Size(8 + rng.Next(12), 6 + rng.Next(10));
            double angle = rng.Next(180);
            image.Ellipse(centre, axes, angle, 0, 360, new Scalar(70, 90, 120), -1);
            mask.Ellipse(centre, axes, angle, 0, 360, Scalar.All(255), -1);
            Cv2.ImWrite(Path.Combine(folder, "images", $"spot{i}.png"), image);
            Cv2.ImWrite(Path.Combine(folder, "masks", $"spot{i}.png"), mask);
            string split = i < train ? "train" : "val";
            lines.Add($"spot{i},{split},images/spot{i}.png,masks/spot{i}.png");
        }

        File.WriteAllLines(Path.Combine(folder, "metadata.csv"), lines);
    }

    private sealed class StopAt(Func<LesionSegmenterProgress, bool> condition, CancellationTokenSource source)
        : IProgress<LesionSegmenterProgress>
    {
        public void Report(LesionSegmenterProgress value)
        {
            if (condition(value))
            {
                source.Cancel();
            }
        }
    }
}
