using Skinsight.Learning.Acne;
using Skinsight.Learning.Condition;
using Skinsight.Testing;
using static TorchSharp.torch;

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
        AcneGraderInfo info = AcneGraderModel.ReadInfo(ModelDirectory);
        if (info.Kind == AcneGraderKind.LesionCounting)
        {
            (_, AcneLesionDetector detector) = AcneGraderModel.LoadLesionCounting(ModelDirectory);
            using (detector)
            using (var photo = new SkiaSharp.SKBitmap(300, 200))
            {
                photo.Erase(new SkiaSharp.SKColor(220, 180, 160));
                AcneLesionResult result = detector.Detect(photo);
                Assert.All(result.Lesions, l => Assert.InRange(l.X + (l.Width / 2), 0, 300));
                Assert.Equal(result.Lesions.Count, result.CountsByType.Sum());
                Assert.InRange(result.Lesions.Count, 0, result.Count);
                Assert.Equal(AcneLesionDetector.HayashiGrade(result.Count), result.Grade);
            }

            AcneLesionCounting counting = info.LesionCounting!;
            Assert.Equal(counting.Options.Epochs, counting.History.Count);
            Assert.InRange(info.BestEpoch!.Value, 1, counting.Options.Epochs);
        }
        else if (info.Kind == AcneGraderKind.FineTuned)
        {
            (_, ConditionNetwork network) = AcneGraderModel.LoadFineTuned(ModelDirectory);
            using (network)
            using (var disabled = no_grad())
            {
                int size = info.FineTuning!.InputSize;
                using Tensor photos = rand(2, 3, size, size) * 255;
                using Tensor grades = network.forward(photos).argmax(1);
                Assert.All(grades.data<long>().ToArray(), grade => Assert.InRange(grade, 0, 3));
            }

            Assert.Equal(info.FineTuning.Epochs, info.History!.Count);
            Assert.InRange(info.BestEpoch!.Value, 1, info.FineTuning.Epochs);
        }
        else
        {
            (_, ClassifierHead head) = AcneGraderModel.Load(ModelDirectory);
            var random = new Random(1);
            float[][] features = Enumerable.Range(0, 8)
                .Select(_ => Enumerable.Range(0, AcnePhotoFeaturizer.FeatureCount).Select(_ => (float)random.NextDouble()).ToArray())
                .ToArray();
            using (head)
            {
                Assert.All(AcneHeadTrainer.Predict(head, features), grade => Assert.InRange(grade, 0, 3));
            }

            Assert.Contains(info.Candidates!, c => c.Options == info.Options);
        }

        Assert.Equal(info.Test.N, info.Test.Confusion.Sum(row => row.Sum()));
    }

    [SharedDataFact(AcneFolder + "/labels.csv")]
    public void Evaluate_ShippedModelOnVal_MatchesRecordedAccuracy()
    {
        // A frozen-feature grader uses the default feature cache outside the repository; without it the 160 val
        // photos take a few minutes.
        string data = SharedData.PathOf(AcneFolder);
        AcneGraderInfo info = AcneGraderModel.ReadInfo(ModelDirectory);

        AcneGraderEvaluation evaluation = AcneGraderTraining.Evaluate(
            data, AcneSplit.Validation, ModelDirectory, AcneFeatureCache.DefaultPath(data));

        Assert.Equal(info.Validation.N, evaluation.Metrics.N);
        Assert.Equal(info.Validation.SeverityAccuracy, evaluation.Metrics.SeverityAccuracy, 0.01);
    }

    [Fact]
    public void ShippedDetector_RecordsSpreadOfItsCountErrors()
    {
        string directory = Path.Combine(Path.GetDirectoryName(ModelDirectory)!, AcneGraderModel.LesionModelName);

        AcneLesionCounting counting = AcneGraderModel.ReadInfo(directory).LesionCounting!;

        Assert.NotNull(counting.ValidationLogCountSpread);
        Assert.InRange(counting.ValidationLogCountSpread.Value, 0.1, 3);
    }

    [Fact]
    public void PhotoGrader_ShippedModel_ReturnsFourProbabilities()
    {
        string? directory = AcnePhotoGrader.FindDefaultModelDirectory();
        Assert.NotNull(directory);
        using var grader = new AcnePhotoGrader(directory);
        using var photo = new SkiaSharp.SKBitmap(300, 200);
        photo.Erase(new SkiaSharp.SKColor(220, 180, 160));

        float[] probabilities = grader.Probabilities(photo);

        Assert.Equal(AcneGradeMetrics.GradeCount, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0, 1));
        Assert.Equal(1, probabilities.Sum(), 3);
    }
}
