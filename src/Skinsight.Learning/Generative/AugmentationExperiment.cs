using MathNet.Numerics.Distributions;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Evaluation;
using Skinsight.Learning.Features;

namespace Skinsight.Learning.Generative;

/// <summary>A mean over seeds with its 95% Student-t interval.</summary>
public sealed record SeedInterval(double Mean, double Lower, double Upper)
{
    /// <summary>Mean and 95% interval of <paramref name="values"/>, one per seed.</summary>
    public static SeedInterval Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double mean = values.Average();
        if (values.Count < 2)
        {
            return new SeedInterval(mean, mean, mean);
        }

        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        double half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
        return new SeedInterval(mean, mean - half, mean + half);
    }
}

/// <summary>Scores of one arm of the experiment, each over the seeds.</summary>
/// <param name="RareRecall">Recall of each rare class, by diagnosis code.</param>
public sealed record AugmentationArm(
    SeedInterval BalancedAccuracy,
    SeedInterval Accuracy,
    IReadOnlyDictionary<string, SeedInterval> RareRecall);

/// <summary>
/// Result of the augmentation experiment: the same classifier trained with and without generated images of the rare
/// classes, with the same seeds and budget. Differences are paired by seed.
/// </summary>
public sealed record AugmentationReport(
    int Seeds,
    int SyntheticPerClass,
    IReadOnlyList<string> RareClasses,
    int TrainImages,
    int ValidationImages,
    AugmentationArm WithoutGenerated,
    AugmentationArm WithGenerated,
    SeedInterval BalancedAccuracyGain,
    IReadOnlyDictionary<string, SeedInterval> RareRecallGain);

/// <summary>Runs the with/without comparison on frozen ResNet-18 features.</summary>
public static class AugmentationExperiment
{
    /// <summary>The classes the GAN supplements: dermatofibroma, vascular lesions and actinic keratosis.</summary>
    public static readonly IReadOnlyList<string> RareClasses = ["df", "vasc", "akiec"];

    /// <summary>
    /// For each seed, trains a head on <paramref name="train"/> alone and on <paramref name="train"/> plus
    /// <paramref name="perClass"/> generated images of each rare class drawn (by that seed) from
    /// <paramref name="generated"/>, and scores both on <paramref name="validation"/>.
    /// </summary>
    public static AugmentationReport Run(
        FeatureSet train,
        FeatureSet validation,
        FeatureSet generated,
        int perClass,
        IReadOnlyList<int> seeds,
        HeadTrainingOptions head)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(head);
        int[] rareLabels = RareClasses.Select(c => IndexOf(ConditionClasses.Codes, c)).ToArray();
        var without = new List<ClassificationMetrics>();
        var with = new List<ClassificationMetrics>();
        foreach (int seed in seeds)
        {
            var options = head with { Seed = seed };
            without.Add(Score(train, validation, options));
            with.Add(Score(Combine(train, Draw(generated, rareLabels, perClass, seed)), validation, options));
        }

        return new AugmentationReport(
            seeds.Count,
            perClass,
            RareClasses,
            train.Count,
            validation.Count,
            Summarize(without, rareLabels),
            Summarize(with, rareLabels),
            SeedInterval.Of(with.Zip(without, (a, b) => a.BalancedAccuracy - b.BalancedAccuracy).ToList()),
            rareLabels.Select((label, i) => (RareClasses[i], SeedInterval.Of(
                    with.Zip(without, (a, b) => a.PerClass[label].Recall - b.PerClass[label].Recall).ToList())))
                .ToDictionary(p => p.Item1, p => p.Item2));
    }

    private static ClassificationMetrics Score(FeatureSet train, FeatureSet validation, HeadTrainingOptions options)
    {
        using ClassifierHead model = HeadTrainer.Train(train, options);
        return ClassificationMetrics.Compute(validation.Labels, HeadTrainer.Predict(model, validation), ConditionClasses.Codes);
    }

    private static AugmentationArm Summarize(IReadOnlyList<ClassificationMetrics> runs, int[] rareLabels) => new(
        SeedInterval.Of(runs.Select(r => r.BalancedAccuracy).ToList()),
        SeedInterval.Of(runs.Select(r => r.Accuracy).ToList()),
        rareLabels.Select((label, i) => (RareClasses[i], SeedInterval.Of(runs.Select(r => r.PerClass[label].Recall).ToList())))
            .ToDictionary(p => p.Item1, p => p.Item2));

    /// <summary>Draws up to <paramref name="perClass"/> rows of each rare label, seeded, without replacement.</summary>
    internal static FeatureSet Draw(FeatureSet pool, int[] labels, int perClass, int seed)
    {
        var random = new Random(seed);
        var picked = new List<int>();
        foreach (int label in labels)
        {
            int[] rows = Enumerable.Range(0, pool.Count).Where(i => pool.Labels[i] == label).ToArray();
            random.Shuffle(rows);
            picked.AddRange(rows.Take(perClass));
        }

        return new FeatureSet(
            picked.Select(i => pool.ImageIds[i]).ToList(),
            picked.Select(i => pool.Labels[i]).ToList(),
            picked.Select(i => pool.Features[i]).ToArray());
    }

    private static FeatureSet Combine(FeatureSet first, FeatureSet second) => new(
        [.. first.ImageIds, .. second.ImageIds],
        [.. first.Labels, .. second.Labels],
        [.. first.Features, .. second.Features]);

    private static int IndexOf(IReadOnlyList<string> codes, string code)
    {
        for (int i = 0; i < codes.Count; i++)
        {
            if (codes[i] == code)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{code}' is not a condition class.", nameof(code));
    }
}
