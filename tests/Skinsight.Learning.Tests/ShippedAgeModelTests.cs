using Skinsight.Learning.Age;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ShippedAgeModelTests
{
    private const string UtkFolder = "images/utkface-crop-part1";

    [SharedDataFact(UtkFolder + "/labels.csv")]
    public void Evaluate_ShippedModelOnVal_MatchesRecordedMae()
    {
        string? modelDirectory = AgeEstimator.FindDefaultModelDirectory();
        Assert.NotNull(modelDirectory);
        AgeModelInfo info = AgeModelFiles.ReadInfo(modelDirectory);

        AgeEvaluation evaluation = AgeTraining.Evaluate(SharedData.PathOf(UtkFolder), AgeSplit.Validation, modelDirectory);

        // Training recorded the same val MAE. The tolerance allows libtorch kernels that differ by thread count.
        Assert.Equal(info.ValidationMae, evaluation.Metrics.Mae, 0.05);
        Assert.Equal(info.BestEpoch, evaluation.ModelEpoch);
        Assert.Equal(8, evaluation.Metrics.ByAgeBand.Count);
    }
}
