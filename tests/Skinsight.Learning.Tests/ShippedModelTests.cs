using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ShippedModelTests
{
    private const string HamFolder = "images/ham10000-dermamnist";

    [SharedDataFact(HamFolder + "/metadata.csv")]
    public void Predict_ShippedModelOnRealImages_ReturnsProbabilities()
    {
        string? modelDirectory = ConditionClassifier.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        IReadOnlyList<LabeledImage> images = DermaMnistDataSet.Load(SharedData.PathOf(HamFolder), "val");
        using var classifier = new ConditionClassifier(modelDirectory);

        foreach (LabeledImage image in images.Take(3))
        {
            ConditionPrediction prediction = classifier.Predict(image.ImagePath);

            Assert.Equal(1.0, prediction.Probabilities.Sum(p => p.Probability), 4);
            Assert.Equal(prediction.ReferralProbability >= classifier.Info.ReferralThreshold, prediction.SeeDermatologist);
        }

        Assert.Equal(ConditionModelKind.FineTuned, classifier.Info.Kind);
        Assert.Equal(ConditionClasses.Codes, classifier.Info.ClassCodes);
    }
}
