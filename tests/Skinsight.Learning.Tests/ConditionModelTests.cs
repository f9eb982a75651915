using SkiaSharp;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Testing;
using TorchSharp;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ConditionModelTests
{
    private const int InputSize = 64;

    [Theory]
    [InlineData(ConditionModelKind.FrozenBackbone, 0)]
    [InlineData(ConditionModelKind.FineTuned, 16)]
    public void Load_SavedModel_ReturnsSameLogits(ConditionModelKind kind, int hiddenUnits)
    {
        using var folder = new TempFolder();
        torch.random.manual_seed(5);
        using var input = torch.rand(2, 3, InputSize, InputSize) * 255;
        using ConditionNetwork saved = NewNetwork(kind, hiddenUnits);

        // Saving a fine-tuned model rounds its weights to float16 in place, so the expected logits come after it.
        ConditionModelFiles.Save(folder.Path, saved, Info(kind, hiddenUnits, threshold: 0.3));
        using var expected = saved.forward(input);
        var (info, loaded) = ConditionModelFiles.Load(folder.Path);
        using (loaded)
        {
            using var actual = loaded.forward(input);

            Assert.Equal(kind, info.Kind);
            Assert.Equal(0.3, info.ReferralThreshold);
            Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        }
    }

    [Fact]
    public void ReadInfo_FolderWithoutInfo_NamesTheTrainCommand()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<ModelFormatException>(() => ConditionModelFiles.ReadInfo(folder.Path));

        Assert.Contains(folder.Path, error.Message);
        Assert.Contains("'skinsight train condition'", error.Message);
        Assert.DoesNotContain("ConditionTraining.Train", error.Message);
    }

    [Fact]
    public void Save_FineTunedModel_StaysUnderShippingLimit()
    {
        using var folder = new TempFolder();
        using ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0);

        ConditionModelFiles.Save(folder.Path, network, Info(ConditionModelKind.FineTuned, 0, threshold: 0.5));
        long bytes = new FileInfo(folder.File(ConditionModelFiles.WeightsFileName)).Length;

        // About 16 million parameters: float16 gives about 32 MB, float32 would give about 64 MB.
        Assert.InRange(bytes, 25_000_000, 50_000_000);
    }

    [Fact]
    public void Predict_SavedModel_ReturnsProbabilitiesAndFlag()
    {
        using var folder = new TempFolder();
        using (ConditionNetwork network = NewNetwork(ConditionModelKind.FrozenBackbone, 0))
        {
            ConditionModelFiles.Save(folder.Path, network, Info(ConditionModelKind.FrozenBackbone, 0, threshold: 0.2));
        }

        string image = folder.File("lesion.jpg");
        TestImages.WriteSolid(image, 200, 150, new SKColor(150, 90, 80));
        using var classifier = new ConditionClassifier(folder.Path);

        ConditionPrediction prediction = classifier.Predict(image);

        Assert.Equal(ConditionClasses.Codes, prediction.Probabilities.Select(p => p.Code));
        Assert.Equal(1.0, prediction.Probabilities.Sum(p => p.Probability), 4);
        double referral = prediction.Probabilities[0].Probability + prediction.Probabilities[1].Probability
            + prediction.Probabilities[4].Probability;
        Assert.Equal(referral, prediction.ReferralProbability, 6);
        Assert.Equal(referral >= 0.2, prediction.SeeDermatologist);
        Assert.Equal(prediction.SeeDermatologist, prediction.ToMedicalFlag() is not null);
    }

    [Fact]
    public void Probabilities_FlipAverage_MeansFourFlips()
    {
        torch.random.manual_seed(6);
        using var input = torch.rand(2, 3, InputSize, InputSize) * 255;
        using ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0);

        using var averaged = ConditionTraining.Probabilities(network, input, flipAverage: true);
        using var plain = ConditionTraining.Probabilities(network, input, flipAverage: false);
        using var horizontal = ConditionTraining.Probabilities(network, input.flip(3), flipAverage: false);
        using var vertical = ConditionTraining.Probabilities(network, input.flip(2), flipAverage: false);
        using var both = ConditionTraining.Probabilities(network, input.flip(2, 3), flipAverage: false);
        using var expected = (plain + horizontal + vertical + both) / 4;

        Assert.True(averaged.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(2f, averaged.sum().item<float>(), 4);
    }

    [Fact]
    public void Predict_FlipAveragedModel_MatchesBatch()
    {
        using var folder = new TempFolder();
        using (ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0))
        {
            ConditionModelFiles.Save(
                folder.Path, network, Info(ConditionModelKind.FineTuned, 0, threshold: 0.2) with { FlipAverage = true });
        }

        string image = folder.File("lesion.jpg");
        TestImages.WriteSolid(image, 200, 150, new SKColor(150, 90, 80));
        using var classifier = new ConditionClassifier(folder.Path);

        ConditionPrediction prediction = classifier.Predict(image);

        (ConditionModelInfo info, ConditionNetwork loaded) = ConditionModelFiles.Load(folder.Path);
        using (loaded)
        {
            Assert.True(info.FlipAverage);
            using var input = torch.tensor(Data.ImageTensorLoader.Load(image, InputSize), [1, 3, InputSize, InputSize]);
            float[] expected = ConditionTraining.Probabilities(loaded, input, flipAverage: true).data<float>().ToArray();
            Assert.Equal(expected.Select(p => (double)p), prediction.Probabilities.Select(p => p.Probability), new Tolerance(1e-5));
        }
    }

    [Fact]
    public void Predict_DamagedFaceDiscriminant_ChecksInputWithoutIt()
    {
        using var folder = new TempFolder();
        using (ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0))
        {
            ConditionModelFiles.Save(folder.Path, network, Info(ConditionModelKind.FineTuned, 0, threshold: 0.2));
        }

        var random = new Random(11);
        float[][] features = [.. Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, Backbone.ResNet18Backbone.FeatureCount)
            .Select(_ => (float)random.NextDouble()).ToArray())];
        FeatureReference.Fit(features, 0.5, 1e9).Save(folder.File(ConditionClassifier.SkinReferenceFileName));
        FeatureReference.Fit(features, 0.5, 1e9).Save(folder.File(ConditionClassifier.DermoscopyReferenceFileName));
        string image = folder.File("lesion.jpg");
        TestImages.WriteSolid(image, 200, 150, new SKColor(150, 90, 80));

        // Fitted on 2 features instead of 512: the file is well formed but cannot score the reference features.
        FeatureDiscriminant.Fit([[0f, 1f], [1f, 0f]], [[3f, 3f], [4f, 2f]], 0.5, 0)
            .Save(folder.File(ConditionClassifier.FaceDiscriminantFileName));
        using (var classifier = new ConditionClassifier(folder.Path))
        {
            InputCheck check = Assert.IsType<InputCheck>(classifier.Predict(image).Input);

            Assert.Null(check.FaceScore);
            Assert.False(check.LooksLikeFacePhoto);
            Assert.True(check.LooksLikeDermoscopy);
        }

        float[][] shifted = [.. features.Select(f => f.Select(v => v + 1).ToArray())];
        FeatureDiscriminant.Fit(features, shifted, 0.5, 0).Save(folder.File(ConditionClassifier.FaceDiscriminantFileName));
        using (var classifier = new ConditionClassifier(folder.Path))
        {
            Assert.NotNull(classifier.Predict(image).Input!.FaceScore);
        }
    }

    [Fact]
    public void Probabilities_TwoScales_MeansTwelveViews()
    {
        torch.random.manual_seed(7);
        using var small = torch.rand(2, 3, InputSize, InputSize) * 255;
        using var large = torch.rand(2, 3, InputSize + ImageViews.ScaleStep, InputSize + ImageViews.ScaleStep) * 255;
        using ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0);
        var inputs = new Dictionary<int, torch.Tensor> { [InputSize] = small, [InputSize + ImageViews.ScaleStep] = large };

        using var averaged = ImageViews.Probabilities(network, inputs, ImageViews.TwoScales(InputSize));

        // The 8 views at the input size are the 4 flips of the image and the 4 of its transpose.
        torch.Tensor[] views =
        [
            small, small.flip(3), small.flip(2), small.flip(2, 3),
            small.transpose(2, 3), small.transpose(2, 3).flip(3), small.transpose(2, 3).flip(2), small.transpose(2, 3).flip(2, 3),
            large, large.flip(3), large.flip(2), large.flip(2, 3),
        ];
        using var expected = views
            .Select(v => ConditionTraining.Probabilities(network, v, flipAverage: false))
            .Aggregate((a, b) => a + b) / views.Length;
        Assert.True(averaged.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(12, ImageViews.Count(ImageViews.TwoScales(InputSize)));
        Assert.Equal([InputSize, InputSize + ImageViews.ScaleStep], ImageViews.Sizes(ImageViews.TwoScales(InputSize)));
    }

    [Fact]
    public void Probabilities_MissingSize_NamesIt()
    {
        using var input = torch.rand(1, 3, InputSize, InputSize) * 255;
        using ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0);

        var error = Assert.Throws<ArgumentException>(() => ImageViews.Probabilities(
            network, new Dictionary<int, torch.Tensor> { [InputSize] = input }, ImageViews.TwoScales(InputSize)));

        Assert.Contains($"{InputSize + ImageViews.ScaleStep} px", error.Message);
    }

    [Fact]
    public void Parse_UnknownName_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageViews.Parse("dihedral", InputSize));

        Assert.Contains("single, flips, two-scales", error.Message);
        Assert.Equal(ImageViews.Flips(InputSize), ImageViews.Parse("flips", InputSize));
    }

    [Fact]
    public void Predict_TwoScaleModel_MatchesBatch()
    {
        using var folder = new TempFolder();
        using (ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0))
        {
            ConditionModelFiles.Save(folder.Path, network,
                Info(ConditionModelKind.FineTuned, 0, threshold: 0.2) with { Views = ImageViews.TwoScales(InputSize) });
        }

        string image = folder.File("lesion.jpg");
        TestImages.WriteSolid(image, 200, 150, new SKColor(150, 90, 80));
        using var classifier = new ConditionClassifier(folder.Path);

        ConditionPrediction prediction = classifier.Predict(image);

        (ConditionModelInfo info, ConditionNetwork loaded) = ConditionModelFiles.Load(folder.Path);
        using (loaded)
        {
            Assert.Equal(ImageViews.TwoScales(InputSize), info.AveragedViews);
            var images = new[] { new Data.LabeledImage("lesion.jpg", image, 0, "val") };
            float[] expected = ConditionTraining.PredictImages(loaded, images, info.AveragedViews, 1, out _)[0];
            Assert.Equal(expected.Select(p => (double)p), prediction.Probabilities.Select(p => p.Probability), new Tolerance(1e-5));
        }
    }

    [Theory]
    [InlineData("[]", "is empty")]
    [InlineData("[null]", "views[0] in")]
    [InlineData("[{\"size\": 100, \"symmetry\": \"Flips\"}]", "views[0].size 100")]
    [InlineData("[{\"size\": 0, \"symmetry\": \"Flips\"}]", "views[0].size 0")]
    [InlineData("[{\"size\": 64, \"symmetry\": 7}]", "None, Flips, FlipsAndTransposes")]
    [InlineData("[{\"size\": 64}]", "no valid symmetry")]
    [InlineData("[{\"size\": 64, \"symmetry\": \"None\"}, {\"size\": 96, \"symmetry\": \"Rotations\"}]", "views[1].symmetry in")]
    public void ReadInfo_InvalidViews_NamesTheEntry(string viewsJson, string expected)
    {
        using var folder = new TempFolder();
        using (ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0))
        {
            ConditionModelFiles.Save(folder.Path, network,
                Info(ConditionModelKind.FineTuned, 0, threshold: 0.2) with { Views = ImageViews.Flips(InputSize) });
        }

        string path = folder.File(ConditionModelFiles.InfoFileName);
        string json = File.ReadAllText(path);
        int start = json.IndexOf("\"views\": [", StringComparison.Ordinal) + "\"views\": ".Length;
        int end = json.IndexOf(']', start) + 1;
        File.WriteAllText(path, json[..start] + viewsJson + json[end..]);

        var error = Assert.Throws<ModelFormatException>(() => ConditionModelFiles.ReadInfo(folder.Path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AveragedViews_NoViews_FollowsFlipAverage()
    {
        ConditionModelInfo flipped = Info(ConditionModelKind.FineTuned, 0, threshold: 0.2) with { FlipAverage = true };

        Assert.Equal(ImageViews.Flips(InputSize), flipped.AveragedViews);
        Assert.Equal(ImageViews.Single(InputSize), (flipped with { FlipAverage = false }).AveragedViews);
    }

    [Fact]
    public void ReadInfo_NoFlipAverage_DefaultsOff()
    {
        using var folder = new TempFolder();
        using (ConditionNetwork network = NewNetwork(ConditionModelKind.FineTuned, 0))
        {
            ConditionModelFiles.Save(folder.Path, network, Info(ConditionModelKind.FineTuned, 0, threshold: 0.2));
        }

        string path = folder.File(ConditionModelFiles.InfoFileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"flipAverage\": false,", "", StringComparison.Ordinal)
            .Replace(",\n  \"flipAverage\": false", "", StringComparison.Ordinal));
        Assert.DoesNotContain("flipAverage", File.ReadAllText(path), StringComparison.Ordinal);

        Assert.False(ConditionModelFiles.ReadInfo(folder.Path).FlipAverage);
    }

    [Fact]
    public void Predict_MissingModelFolder_ThrowsOnFirstUseOnly()
    {
        using var folder = new TempFolder();
        using var classifier = new ConditionClassifier(folder.File("absent"));

        var exception = Assert.Throws<ModelFormatException>(() => classifier.Predict(folder.File("x.jpg")));

        Assert.Contains("model.json", exception.Message);
    }

    private static ConditionNetwork NewNetwork(ConditionModelKind kind, int hiddenUnits)
    {
        ResNet18Backbone backbone;
        if (kind == ConditionModelKind.FrozenBackbone)
        {
            backbone = PretrainedResNet18.Create();
        }
        else
        {
            // A non-zero mean image shows that buffers, not only parameters, survive the round trip.
            backbone = new ResNet18Backbone();
            int size = ResNet18Backbone.PretrainedSize;
            backbone.SetMeanImage(Enumerable.Repeat(100f, 3 * size * size).ToArray());
        }

        var head = new ClassifierHead(ResNet18Backbone.FeatureCount, ConditionClasses.Count, hiddenUnits);
        var network = new ConditionNetwork(backbone, head);
        network.eval();
        return network;
    }

    private static ConditionModelInfo Info(ConditionModelKind kind, int hiddenUnits, double threshold) =>
        new(ConditionModelFiles.FormatVersion, kind, InputSize, hiddenUnits, ConditionClasses.Codes, threshold,
            DateTime.UnixEpoch, Seed: 1, Epochs: 1, Validation: null);
}

/// <summary>Compares doubles within an absolute tolerance.</summary>
internal sealed class Tolerance(double limit) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= limit;

    public int GetHashCode(double obj) => 0;
}
