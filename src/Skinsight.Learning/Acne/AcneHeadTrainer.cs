using Skinsight.Learning.Condition;
using Skinsight.Learning.Features;
using static TorchSharp.torch;

namespace Skinsight.Learning.Acne;

/// <summary>How to train the acne grader's head on photo features.</summary>
/// <param name="Epochs">Full-batch Adam steps.</param>
/// <param name="WeightDecay">L2 penalty of Adam on the weights, the main guard against overfitting 1,536 features.</param>
/// <param name="ClassWeightPower">
/// Exponent of the inverse grade frequency that weights the loss: 0 weights every photo alike, 1 every grade alike.
/// </param>
public sealed record AcneHeadOptions(
    int Epochs = 200,
    double LearningRate = 1e-3,
    double WeightDecay = 1e-3,
    double ClassWeightPower = 0.5,
    int Seed = 1);

/// <summary>
/// Trains a multinomial logistic regression (a <see cref="ClassifierHead"/> without hidden layer) from photo
/// features to the four severity grades, with standardized features and a class-weighted cross-entropy.
/// </summary>
public static class AcneHeadTrainer
{
    /// <summary>Trains a new head and returns it with the training loss before each step and after the last.</summary>
    /// <exception cref="ArgumentException">The rows and labels differ in count, or there are none.</exception>
    public static (ClassifierHead Head, double[] Loss) Train(
        float[][] features,
        IReadOnlyList<int> labels,
        AcneHeadOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (features.Length != labels.Count || features.Length == 0)
        {
            throw new ArgumentException(
                $"Expected one label per feature row and at least one row; got {features.Length} rows and {labels.Count} labels.");
        }

        random.manual_seed(options.Seed);
        int featureCount = features[0].Length;
        var head = new ClassifierHead(featureCount, AcneGradeMetrics.GradeCount);
        (float[] mean, float[] scale) = FeatureStatistics.Standardization(features);
        head.SetStandardization(mean, scale);

        using Tensor input = Stack(features);
        using Tensor target = tensor(labels.Select(l => (long)l).ToArray());
        using Tensor weights = tensor(ClassWeights.FromLabels(labels, AcneGradeMetrics.GradeCount, options.ClassWeightPower));
        using var optimizer = optim.Adam(head.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var loss = new double[options.Epochs + 1];
        head.train();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor value = nn.functional.cross_entropy(head.forward(input), target, weights);
            value.backward();
            optimizer.step();
            loss[epoch] = value.item<float>();
        }

        head.eval();
        using (var scope = NewDisposeScope())
        using (var disabled = no_grad())
        {
            loss[options.Epochs] = nn.functional.cross_entropy(head.forward(input), target, weights).item<float>();
        }

        return (head, loss);
    }

    /// <summary>Returns the grade with the highest probability for each row of <paramref name="features"/>.</summary>
    public static int[] Predict(ClassifierHead head, float[][] features)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length == 0)
        {
            return [];
        }

        head.eval();
        using var scope = NewDisposeScope();
        using var disabled = no_grad();
        long[] grades = head.forward(Stack(features)).argmax(1).data<long>().ToArray();
        return grades.Select(g => (int)g).ToArray();
    }

    private static Tensor Stack(float[][] rows)
    {
        int length = rows[0].Length;
        var flat = new float[rows.Length * length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(flat, i * length);
        }

        return tensor(flat, [rows.Length, length]);
    }
}
