using Skinsight.Learning.Acne;
using Skinsight.Learning.Age;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Segmentation;
using Skinsight.Testing;
using TorchSharp;
using static TorchSharp.torch;

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

    [Fact]
    public void ShippedWeights_AreAllFinite()
    {
        // A value outside float16's range is stored as infinity, and a batch normalisation variance of infinity
        // silences its channel without any error.
        string models = Path.Combine(
            RepositoryRoot.Find() ?? throw new InvalidOperationException("No global.json above the tests."), "models");

        (_, ConditionNetwork condition) = ConditionModelFiles.Load(Path.Combine(models, "condition-classifier"));
        (_, ConditionNetwork grader) = AcneGraderModel.LoadFineTuned(Path.Combine(models, AcneGraderModel.DefaultModelName));
        (_, AcneLesionDetector detector) = AcneGraderModel.LoadLesionCounting(Path.Combine(models, "acne-lesions"));
        (_, AgeRegressor age) = AgeModelFiles.Load(Path.Combine(models, "skin-age"));
        (_, LesionUNet segmenter) = LesionSegmenterFiles.Load(Path.Combine(models, "lesion-segmenter"));

        using (condition)
        using (grader)
        using (detector)
        using (age)
        using (segmenter)
        {
            var networks = new (string Name, nn.Module Module)[]
            {
                ("condition-classifier", condition),
                ("acne-grader", grader),
                ("acne-lesions", detector.Network),
                ("skin-age", age),
                ("lesion-segmenter", segmenter),
            };

            foreach ((string name, nn.Module module) in networks)
            {
                foreach ((string tensorName, Tensor tensor) in module.state_dict())
                {
                    if (tensor.is_floating_point())
                    {
                        Assert.True(tensor.isfinite().all().item<bool>(), $"{name}: {tensorName} has a value that is not finite.");
                    }
                }
            }
        }
    }
}
