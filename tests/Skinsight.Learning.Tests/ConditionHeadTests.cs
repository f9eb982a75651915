using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Features;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ConditionHeadTests
{
    [Fact]
    public void Train_SeparableFeatures_LowersLoss()
    {
        FeatureSet features = ClusteredFeatures(samplesPerClass: 20, seed: 3);
        var losses = new List<double>();
        var progress = new SynchronousProgress<TrainingProgress>(p => losses.Add(p.TrainLoss));
        var options = new HeadTrainingOptions(Epochs: 15, BatchSize: 32, LearningRate: 1e-2, Seed: 1);

        using ClassifierHead head = HeadTrainer.Train(features, options, progress: progress);
        float[][] probabilities = HeadTrainer.Predict(head, features);

        Assert.Equal(15, losses.Count);
        Assert.True(losses[^1] < losses[0] / 2, $"loss went from {losses[0]} to {losses[^1]}");
        int correct = probabilities.Where((row, i) => Array.IndexOf(row, row.Max()) == features.Labels[i]).Count();
        Assert.Equal(features.Count, correct);
    }

    [Fact]
    public void Train_SameSeed_ReturnsSameProbabilities()
    {
        FeatureSet features = ClusteredFeatures(samplesPerClass: 5, seed: 4);
        var options = new HeadTrainingOptions(Epochs: 3, BatchSize: 8, Seed: 9);

        using ClassifierHead first = HeadTrainer.Train(features, options);
        using ClassifierHead second = HeadTrainer.Train(features, options);

        Assert.Equal(HeadTrainer.Predict(first, features), HeadTrainer.Predict(second, features));
    }

    [Fact]
    public void FromLabels_ImbalancedClasses_WeighsRareClassesUp()
    {
        int[] labels = [0, 0, 0, 1];

        float[] balanced = ClassWeights.FromLabels(labels, 3, power: 1);
        float[] squareRoot = ClassWeights.FromLabels(labels, 3, power: 0.5);

        // n / (classes x n_c): 4 / (3 x 3) and 4 / (3 x 1); the class without samples gets 0.
        Assert.Equal([4f / 9, 4f / 3, 0f], balanced);
        Assert.Equal(MathF.Sqrt(4f / 3), squareRoot[1], 6);
    }

    [Fact]
    public void Choose_FiveReferralSamples_MeetsRecall()
    {
        // Referral scores (akiec + bcc + mel) of the five referral samples: 0.9, 0.8, 0.6, 0.3, 0.1.
        int[] labels = [4, 1, 0, 4, 1, 5, 5];
        float[][] probabilities =
        [
            Row(mel: 0.9f), Row(bcc: 0.8f), Row(akiec: 0.6f), Row(mel: 0.3f), Row(bcc: 0.1f), Row(mel: 0.5f), Row(mel: 0.05f),
        ];

        ReferralOutcome outcome = ReferralThreshold.Choose(labels, probabilities, minRecall: 0.6);

        // Recall 0.6 of 5 needs 3 flagged, so the threshold is the third highest score, 0.6; the nevus at 0.5 stays unflagged.
        Assert.Equal(0.6, outcome.Threshold, 6);
        Assert.Equal(0.6, outcome.Recall, 6);
        Assert.Equal(3.0 / 7, outcome.FlagRate, 6);
        Assert.Equal(5, outcome.Positives);
    }

    private static float[] Row(float akiec = 0, float bcc = 0, float mel = 0)
    {
        float nv = 1 - akiec - bcc - mel;
        return [akiec, bcc, 0, 0, mel, nv, 0];
    }

    private static FeatureSet ClusteredFeatures(int samplesPerClass, int seed)
    {
        var random = new Random(seed);
        var ids = new List<string>();
        var labels = new List<int>();
        var rows = new List<float[]>();
        for (int label = 0; label < ConditionClasses.Count; label++)
        {
            for (int k = 0; k < samplesPerClass; k++)
            {
                var row = new float[ResNet18Backbone.FeatureCount];
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = (float)random.NextDouble();
                }

                // Each class lifts its own block of features, so a linear head can separate them.
                for (int j = label * 10; j < (label * 10) + 10; j++)
                {
                    row[j] += 3;
                }

                ids.Add($"{label}-{k}");
                labels.Add(label);
                rows.Add(row);
            }
        }

        return new FeatureSet(ids, labels, rows.ToArray());
    }
}

/// <summary>An IProgress that calls back on the reporting thread, unlike Progress&lt;T&gt;, so tests see every report.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
