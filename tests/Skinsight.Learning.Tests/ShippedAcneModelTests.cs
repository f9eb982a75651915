using Skinsight.Learning.Acne;
using Skinsight.Learning.Condition;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ShippedAcneModelTests
{
    private const string AcneFolder = "images/acne04-roboflow";

    private static string ModelDirectory =>
        Path.Combine(RepositoryRoot.Find() ?? throw new InvalidOperationException("No global.json above the tests."),
            "models", AcneGraderModel.DefaultModelName);

    [Fact]
    public void Load_ShippedModel_GradesWithinRange()
    {
        (AcneGraderInfo info, ClassifierHead head) = AcneGraderModel.Load(ModelDirectory);
        var random = new Random(1);
        float[][] features = Enumerable.Range(0, 8)
            .Select(_ => Enumerable.Range(0, AcnePhotoFeaturizer.FeatureCount).Select(_ => (float)random.NextDouble()).ToArray())
            .ToArray();

        using (head)
        {
            Assert.All(AcneHeadTrainer.Predict(head, features), grade => Assert.InRange(grade, 0, 3));
        }

        Assert.Equal(info.Test.N, info.Test.Confusion.Sum(row => row.Sum()));
        Assert.Contains(info.Candidates, c => c.Options == info.Options);
    }

    [SharedDataFact(AcneFolder + "/labels.csv")]
    public void Evaluate_ShippedModelOnVal_MatchesRecordedAccuracy()
    {
        // Uses the default feature cache outside the repository; without it the 160 val photos take a few minutes.
        string data = SharedData.PathOf(AcneFolder);
        (AcneGraderInfo info, ClassifierHead head) = AcneGraderModel.Load(ModelDirectory);
        head.Dispose();

        AcneGraderEvaluation evaluation = AcneGraderTraining.Evaluate(
            data, AcneSplit.Validation, ModelDirectory, AcneFeatureCache.DefaultPath(data));

        Assert.Equal(info.Validation.N, evaluation.Metrics.N);
        Assert.Equal(info.Validation.SeverityAccuracy, evaluation.Metrics.SeverityAccuracy, 0.01);
    }
}
