using System.Diagnostics;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Features;
using static TorchSharp.torch;

namespace Skinsight.Learning.Condition;

/// <summary>Trains a <see cref="ClassifierHead"/> on frozen backbone features with Adam and a class-weighted loss.</summary>
public static class HeadTrainer
{
    /// <summary>Trains a new head on <paramref name="train"/>; reports validation accuracy per epoch when <paramref name="validation"/> is given.</summary>
    public static ClassifierHead Train(
        FeatureSet train,
        HeadTrainingOptions options,
        FeatureSet? validation = null,
        IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        random.manual_seed(options.Seed);
        var shuffle = new Random(options.Seed);
        var clock = Stopwatch.StartNew();

        var head = new ClassifierHead(
            ResNet18Backbone.FeatureCount, ConditionClasses.Count, options.HiddenUnits, options.DropoutRate);
        (float[] mean, float[] scale) = FeatureStatistics.Standardization(train.Features);
        head.SetStandardization(mean, scale);

        using Tensor features = Stack(train.Features);
        using Tensor labels = tensor(train.Labels.Select(l => (long)l).ToArray());
        using Tensor weights = tensor(ClassWeights.FromLabels(train.Labels, ConditionClasses.Count, options.ClassWeightPower));
        using var optimizer = optim.Adam(head.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        int[] order = Enumerable.Range(0, train.Count).ToArray();

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            head.train();
            shuffle.Shuffle(order);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                Tensor index = BatchIndex(order, start, options.BatchSize);
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(head.forward(features[index]), labels[index], weights);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
            }

            double? accuracy = validation is null ? null : Accuracy(head, validation);
            progress?.Report(new TrainingProgress(epoch, options.Epochs, lossSum / batches, accuracy, clock.Elapsed));
        }

        head.eval();
        return head;
    }

    /// <summary>Returns softmax probabilities of <paramref name="head"/> for every row of <paramref name="set"/>.</summary>
    public static float[][] Predict(ClassifierHead head, FeatureSet set)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(set);
        head.eval();
        using var scope = NewDisposeScope();
        using var disabled = no_grad();
        Tensor probabilities = nn.functional.softmax(head.forward(Stack(set.Features)), 1);
        float[] flat = probabilities.data<float>().ToArray();
        return Enumerable.Range(0, set.Count)
            .Select(i => flat.AsSpan(i * ConditionClasses.Count, ConditionClasses.Count).ToArray())
            .ToArray();
    }

    private static double Accuracy(ClassifierHead head, FeatureSet set)
    {
        float[][] probabilities = Predict(head, set);
        int correct = 0;
        for (int i = 0; i < set.Count; i++)
        {
            float[] row = probabilities[i];
            if (Array.IndexOf(row, row.Max()) == set.Labels[i])
            {
                correct++;
            }
        }

        return (double)correct / set.Count;
    }

    private static Tensor BatchIndex(int[] order, int start, int batchSize)
    {
        int count = Math.Min(batchSize, order.Length - start);
        var index = new long[count];
        for (int i = 0; i < count; i++)
        {
            index[i] = order[start + i];
        }

        return tensor(index);
    }

    private static Tensor Stack(float[][] rows)
    {
        int length = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new float[rows.Length * length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(flat, i * length);
        }

        return tensor(flat, [rows.Length, length]);
    }
}
