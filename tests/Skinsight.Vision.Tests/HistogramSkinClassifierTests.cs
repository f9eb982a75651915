using Skinsight.Core;
using Skinsight.Testing;
using Skinsight.Vision.Skin;

namespace Skinsight.Vision.Tests;

public class HistogramSkinClassifierTests
{
    private static readonly SkinPixel[] s_pixels =
    [
        .. Enumerable.Repeat(new SkinPixel(120, 160, 220, IsSkin: true), 30),
        .. Enumerable.Repeat(new SkinPixel(200, 90, 30, IsSkin: false), 70),
        new SkinPixel(121, 161, 221, IsSkin: false),
    ];

    [Fact]
    public void Train_TwoColours_SeparatesSkinFromBackground()
    {
        var classifier = HistogramSkinClassifier.Train(s_pixels);

        var score = SkinPixelScore.Evaluate(classifier, s_pixels);

        Assert.Equal(101, score.N);
        Assert.Equal(100.0 / 101, score.Accuracy, precision: 9);
        Assert.Equal(30.0 / 31, score.Precision, precision: 9);
        Assert.Equal(1.0, score.Recall);
    }

    [Fact]
    public void Classify_UnseenColour_ScoresOverallSkinShare()
    {
        var classifier = HistogramSkinClassifier.Train(s_pixels);
        var likelihood = new byte[1];

        classifier.Classify([0, 255, 0], likelihood);

        Assert.Equal((byte)Math.Round(30.0 / 101 * 255), likelihood[0]);
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesSameLikelihoods()
    {
        using var folder = new TempFolder();
        var trained = HistogramSkinClassifier.Train(s_pixels, binsPerChannel: 16);
        trained.Save(folder.File("model.bin"));

        var loaded = HistogramSkinClassifier.Load(folder.File("model.bin"));

        byte[] bgr = [120, 160, 220, 200, 90, 30, 7, 7, 7];
        var expected = new byte[3];
        var actual = new byte[3];
        trained.Classify(bgr, expected);
        loaded.Classify(bgr, actual);
        Assert.Equal(16, loaded.BinsPerChannel);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Load_NotAModel_ThrowsInvalidInput()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("model.bin"), "not a model");

        Assert.Throws<InvalidInputException>(() => HistogramSkinClassifier.Load(folder.File("model.bin")));
    }

    [Fact]
    public void Read_BadLabel_NamesTheLine()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("skin_nonskin.csv"), "B,G,R,label\n10,20,30,1\n10,20,30,7\n");

        var error = Assert.Throws<InvalidInputException>(() => SkinPixelData.Read(folder.File("skin_nonskin.csv")));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("B,G,R,label\n", "no pixel rows")]
    [InlineData("B,G,R,label\n\n\n", "no pixel rows")]
    public void Read_NoPixelRows_ThrowsNamingFile(string content, string expected)
    {
        using var folder = new TempFolder();
        string file = folder.File("skin_nonskin.csv");
        File.WriteAllText(file, content);

        var error = Assert.Throws<InvalidInputException>(() => SkinPixelData.Read(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact("images/uci-skin-segmentation/skin_nonskin.csv")]
    public void ShippedModel_UciPixels_BeatsColourRule()
    {
        var pixels = SkinPixelData.Read(SharedData.PathOf("images/uci-skin-segmentation/skin_nonskin.csv"));
        var model = HistogramSkinClassifier.Load(Path.Combine(RepositoryRoot.Find()!, "models", "skin-pixels", "histogram.bin"));

        var trained = SkinPixelScore.Evaluate(model, pixels);
        var rule = SkinPixelScore.Evaluate(new RuleSkinClassifier(), pixels);

        Assert.True(trained.Accuracy > rule.Accuracy, $"model {trained.Accuracy:P2}, rule {rule.Accuracy:P2}");
    }
}
