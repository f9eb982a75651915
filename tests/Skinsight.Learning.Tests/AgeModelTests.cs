using SkiaSharp;
using Skinsight.Core.Analysis;
using Skinsight.Learning.Age;
using Skinsight.Learning.Data;
using Skinsight.Testing;
using static TorchSharp.torch;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class AgeModelTests
{
    private static readonly AgeTrainingOptions s_tiny = new(Epochs: 4, Seed: 3, BatchSize: 16, LearningRate: 3e-3,
        Width: 4);

    [Fact]
    public void Forward_Batch_ReturnsOneAgePerImage()
    {
        random.manual_seed(1);
        using var network = new AgeNetwork(width: 4);
        network.eval();
        using var input = rand([5, 3, network.InputSize, network.InputSize]) * 255;

        using var output = network.forward(input);

        Assert.Equal([5L], output.shape);
    }

    [Fact]
    public void ResNetForward_ReturnsOneAgePerImage()
    {
        random.manual_seed(1);
        using AgeRegressor network = AgeRegressor.Create(
            new AgeTrainingOptions(Architecture: AgeResNet.ArchitectureName, InputSize: 64), pretrained: false);
        network.eval();
        using var input = rand([2, 3, 64, 64]) * 255;

        using var output = network.forward(input);

        Assert.Equal([2L], output.shape);
    }

    [Theory]
    [InlineData("resnet18", 80)]
    [InlineData("resnet18", 256)]
    [InlineData("resnet18", 2688)]
    [InlineData("vgg", 40)]
    [InlineData("vgg", 240)]
    [InlineData("mobilenet", 64)]
    public void Create_InvalidArchitectureOrSize_Throws(string architecture, int inputSize)
    {
        var options = new AgeTrainingOptions(Architecture: architecture, InputSize: inputSize);

        var exception = Assert.Throws<LearningException>(() => AgeRegressor.Create(options, pretrained: false));

        Assert.Contains(architecture, exception.Message);
    }

    [Fact]
    public void Load_OversizedSet_Throws()
    {
        // 12,000 crops at 252 px (the stored size for a 224 px window) need 2.3 GB; no file is opened before the check.
        var samples = Enumerable.Range(0, 12_000)
            .Select(i => new AgeSample($"{i}.jpg", $"/missing/{i}.jpg", 30, null, null, AgeSplit.Train))
            .ToList();

        var exception = Assert.Throws<DataSetException>(() => AgeImages.Load(samples, 252));

        Assert.Contains("12000 images at 252x252", exception.Message);
    }

    [Fact]
    public void ReadInfo_NoArchitecture_DefaultsToVgg()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(AgeModelFiles.InfoFileName), """
            {"options": {"epochs": 2, "seed": 1, "batchSize": 64, "learningRate": 0.003, "weightDecay": 0.0005, "width": 8},
             "epochsCompleted": 2, "bestEpoch": 2, "validationMae": 6.0, "testMae": 6.5, "trainingImages": 10,
             "dataFolder": "d", "savedAtUtc": "2026-12-05T00:00:00Z", "trainingSeconds": 1, "history": []}
            """);

        AgeModelInfo info = AgeModelFiles.ReadInfo(folder.Path);

        Assert.Equal(AgeNetwork.ArchitectureName, info.Options.Architecture);
        Assert.Equal(64, info.Options.InputSize);
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesSamePrediction()
    {
        using var folder = new TempFolder();
        random.manual_seed(2);
        using var original = new AgeNetwork(width: 4);
        original.InitialiseOutput(3.0);
        byte[] image = AgeImages.Scale(Gradient(90), AgeImages.StoredSizeFor(original.InputSize));
        double before = AgeTraining.Predict(original, image)[0];

        original.save(folder.File("weights.bin"));
        using var loaded = new AgeNetwork(width: 4);
        loaded.load(folder.File("weights.bin"));
        double after = AgeTraining.Predict(loaded, image)[0];

        Assert.Equal(before, after, 6);
    }

    [Fact]
    public void Predict_MirrorAverage_OnlyWhenSet()
    {
        random.manual_seed(4);
        using var network = new AgeNetwork(width: 4);
        network.InitialiseOutput(3.0);
        network.eval();
        using SKBitmap gradient = Gradient(90);
        byte[] image = AgeImages.Scale(gradient, AgeImages.StoredSizeFor(network.InputSize));
        int size = network.InputSize;
        int centre = AgeImages.CentreOffsetFor(size);
        var window = new float[3 * size * size];
        var mirrored = new float[3 * size * size];
        AgeTraining.CopyWindow(image, 0, window, 0, size, centre, centre, false);
        AgeTraining.CopyWindow(image, 0, mirrored, 0, size, centre, centre, true);
        using var disabled = no_grad();
        using var plainInput = tensor(window, [1, 3, size, size]);
        using var mirrorInput = tensor(mirrored, [1, 3, size, size]);
        double plain = network.forward(plainInput).item<float>() * 10.0;
        double mirror = network.forward(mirrorInput).item<float>() * 10.0;

        Assert.Equal(plain, AgeTraining.Predict(network, image, mirrorAverage: false)[0], 4);
        Assert.Equal((plain + mirror) / 2, AgeTraining.Predict(network, image, mirrorAverage: true)[0], 4);
    }

    [Fact]
    public void Train_SyntheticAges_LowersTrainError()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, 64);

        AgeModelInfo info = AgeTraining.Train(data.Path, model.Path, s_tiny);

        Assert.Equal(4, info.History.Count);
        Assert.True(info.History[^1].TrainMae < info.History[0].TrainMae,
            $"Train MAE went from {info.History[0].TrainMae:0.00} to {info.History[^1].TrainMae:0.00}.");
        Assert.NotNull(info.TestMae);
        Assert.False(Directory.Exists(Path.Combine(model.Path, AgeModelFiles.CheckpointFolderName)));
        Assert.True(File.Exists(Path.Combine(model.Path, AgeModelFiles.WeightsFileName)));
    }

    [Fact]
    public void Train_StoppedAndResumed_MatchesUninterruptedRun()
    {
        using var data = new TempFolder();
        using var straight = new TempFolder();
        using var resumed = new TempFolder();
        WriteSyntheticSet(data.Path, 48);
        AgeModelInfo expected = AgeTraining.Train(data.Path, straight.Path, s_tiny);

        // Cancels during the third epoch, after two epochs have been checkpointed.
        using var stop = new CancellationTokenSource();
        var progress = new StopAt(p => p.Epoch == 3, stop);
        Assert.Throws<OperationCanceledException>(() =>
            AgeTraining.Train(data.Path, resumed.Path, s_tiny, progress, stop.Token));
        AgeModelInfo actual = AgeTraining.Train(data.Path, resumed.Path, s_tiny);

        Assert.Equal(expected.History.Select(e => e.ValidationMae), actual.History.Select(e => e.ValidationMae));
        Assert.Equal(expected.TestMae, actual.TestMae);
    }

    [Fact]
    public void Train_FolderHoldsOtherOptions_ThrowsLearningException()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, 40);
        AgeTraining.Train(data.Path, model.Path, s_tiny with { Epochs = 1 });

        var exception = Assert.Throws<LearningException>(() => AgeTraining.Train(data.Path, model.Path, s_tiny));

        Assert.Contains("cannot resume", exception.Message);
    }

    [Fact]
    public void TrainResNet_StoresHalfPrecisionAndScoresIt()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, 40);
        var options = s_tiny with { Epochs = 1, Architecture = AgeResNet.ArchitectureName, InputSize = 64, LearningRate = 5e-4 };

        AgeModelInfo info = AgeTraining.Train(data.Path, model.Path, options);

        // ResNet-18 has about 16 million values: 64 MB as float32, 32 MB as float16.
        long bytes = new FileInfo(Path.Combine(model.Path, AgeModelFiles.WeightsFileName)).Length;
        Assert.InRange(bytes, 20_000_000, 40_000_000);
        AgeEvaluation evaluation = AgeTraining.Evaluate(data.Path, "test", model.Path);
        Assert.Equal(info.TestMae!.Value, evaluation.Metrics.Mae, 6);
        AgeEvaluation validation = AgeTraining.Evaluate(data.Path, "val", model.Path);
        Assert.Equal(info.ValidationMae, validation.Metrics.Mae, 6);
    }

    [Fact]
    public void Estimate_TrainedFolder_MatchesEvaluation()
    {
        using var data = new TempFolder();
        using var model = new TempFolder();
        WriteSyntheticSet(data.Path, 40);
        AgeTraining.Train(data.Path, model.Path, s_tiny with { Epochs = 1 });
        AgeSample first = AgeDataSet.Load(data.Path, "test")[0];

        using var estimator = new AgeEstimator(model.Path);
        using SKBitmap bitmap = SKBitmap.Decode(first.ImagePath);
        AgeEstimate estimate = estimator.Estimate(bitmap);
        (_, AgeRegressor network) = AgeModelFiles.Load(model.Path);
        using (network)
        {
            double expected = AgeTraining.Predict(network, AgeImages.Load([first], AgeImages.StoredSizeFor(network.InputSize)))[0];

            Assert.Equal(expected, estimate.Years, 4);
        }

        Assert.Equal(AgeModelFiles.ReadInfo(model.Path).TestMae, estimate.MaeYears);
    }

    [Fact]
    public void Cut_FaceBox_ReturnsCropSideSquare()
    {
        using SKBitmap photo = Gradient(120);
        using SKData png = photo.Encode(SKEncodedImageFormat.Png, 100);

        using SKBitmap? crop = AgeFaceCrop.Cut(png.ToArray(), new SkinRegion("face", 20, 15, 40, 40));

        Assert.NotNull(crop);
        Assert.Equal(AgeFaceCrop.CropSide, crop.Width);
        Assert.Equal(AgeFaceCrop.CropSide, crop.Height);
    }

    [Theory]
    [InlineData(SKEncodedOrigin.TopRight, 9, 0)]
    [InlineData(SKEncodedOrigin.BottomRight, 9, 5)]
    [InlineData(SKEncodedOrigin.BottomLeft, 0, 5)]
    [InlineData(SKEncodedOrigin.LeftTop, 0, 0)]
    [InlineData(SKEncodedOrigin.RightTop, 5, 0)]
    [InlineData(SKEncodedOrigin.RightBottom, 5, 9)]
    [InlineData(SKEncodedOrigin.LeftBottom, 0, 9)]
    public void UprightMatrix_StoredOrigin_LandsOnExpectedCorner(SKEncodedOrigin origin, float x, float y)
    {
        // A stored 9x5 image; the orientations that swap axes show it 5 wide and 9 tall.
        bool swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom
            or SKEncodedOrigin.LeftBottom;

        SKPoint corner = UprightDecoding.UprightMatrix(origin, swaps ? 5 : 9, swaps ? 9 : 5).MapPoint(0, 0);

        Assert.Equal(new SKPoint(x, y), corner);
    }

    /// <summary>Writes faces whose brightness grows with age, with a split column so every split has rows.</summary>
    private static void WriteSyntheticSet(string folder, int count)
    {
        var lines = new List<string> { "image_file,age,gender,race,split" };
        for (int i = 0; i < count; i++)
        {
            int age = 2 + (i * 83 % 80);
            string file = $"images/{i}.png";
            using SKBitmap bitmap = Gradient((byte)(40 + (2 * age)));
            using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            Directory.CreateDirectory(Path.Combine(folder, "images"));
            File.WriteAllBytes(Path.Combine(folder, file), png.ToArray());
            string split = (i % 8) switch { 6 => "val", 7 => "test", _ => "train" };
            lines.Add($"{file},{age},{i % 2},{i % 5},{split}");
        }

        File.WriteAllLines(Path.Combine(folder, "labels.csv"), lines);
    }

    private static SKBitmap Gradient(int level)
    {
        var bitmap = new SKBitmap(80, 80);
        for (int y = 0; y < 80; y++)
        {
            for (int x = 0; x < 80; x++)
            {
                byte value = (byte)Math.Clamp(level + x - 40, 0, 255);
                bitmap.SetPixel(x, y, new SKColor(value, (byte)(value * 3 / 4), (byte)(value / 2)));
            }
        }

        return bitmap;
    }

    private sealed class StopAt(Func<AgeTrainingProgress, bool> condition, CancellationTokenSource source)
        : IProgress<AgeTrainingProgress>
    {
        public void Report(AgeTrainingProgress value)
        {
            if (condition(value))
            {
                source.Cancel();
            }
        }
    }
}
