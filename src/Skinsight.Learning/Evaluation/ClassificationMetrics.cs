namespace Skinsight.Learning.Evaluation;

/// <summary>Scores of a multi-class classifier on labelled samples.</summary>
/// <param name="Accuracy">Share of samples whose most probable class is the true one.</param>
/// <param name="BalancedAccuracy">Mean recall over the classes that have at least one sample.</param>
/// <param name="MacroAuc">Mean one-vs-rest ROC AUC over the classes where it is defined, or null when none is.</param>
/// <param name="ConfusionMatrix">Counts indexed [true class][predicted class].</param>
public sealed record ClassificationMetrics(
    int SampleCount,
    double Accuracy,
    double BalancedAccuracy,
    double? MacroAuc,
    IReadOnlyList<ClassMetrics> PerClass,
    int[][] ConfusionMatrix)
{
    /// <summary>Computes all scores from true labels and per-class probabilities (or any scores that rank alike).</summary>
    /// <param name="labels">True class index of each sample, 0 to <paramref name="classNames"/>.Count - 1.</param>
    /// <param name="probabilities">One row per sample with one score per class; the prediction is the row's argmax.</param>
    /// <exception cref="ArgumentException">
    /// The inputs are empty or differ in length, a label is out of range, or a row has the wrong number of scores.
    /// </exception>
    public static ClassificationMetrics Compute(
        IReadOnlyList<int> labels,
        IReadOnlyList<float[]> probabilities,
        IReadOnlyList<string> classNames)
    {
        Validate(labels, probabilities, classNames);
        int classCount = classNames.Count;
        int[] predicted = probabilities.Select(ArgMax).ToArray();

        var confusion = new int[classCount][];
        for (int c = 0; c < classCount; c++)
        {
            confusion[c] = new int[classCount];
        }

        for (int i = 0; i < labels.Count; i++)
        {
            confusion[labels[i]][predicted[i]]++;
        }

        var perClass = new ClassMetrics[classCount];
        for (int c = 0; c < classCount; c++)
        {
            perClass[c] = ScoreClass(c, classNames[c], confusion, labels, probabilities);
        }

        int correct = Enumerable.Range(0, classCount).Sum(c => confusion[c][c]);
        double balanced = perClass.Where(m => m.Support > 0).Average(m => m.Recall);
        double[] aucs = perClass.Where(m => m.Auc.HasValue).Select(m => m.Auc!.Value).ToArray();
        double? macroAuc = aucs.Length == 0 ? null : aucs.Average();
        return new ClassificationMetrics(labels.Count, (double)correct / labels.Count, balanced, macroAuc, perClass, confusion);
    }

    /// <summary>
    /// Computes the ROC AUC of <paramref name="scores"/> for telling positives from negatives, counting ties as one
    /// half (the Mann-Whitney U statistic divided by positives x negatives).
    /// </summary>
    /// <returns>The AUC, or null when there are no positives or no negatives.</returns>
    public static double? RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isPositive);
        if (scores.Count != isPositive.Count)
        {
            throw new ArgumentException($"Got {scores.Count} scores but {isPositive.Count} labels.", nameof(isPositive));
        }

        int positives = isPositive.Count(p => p);
        int negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        double positiveRankSum = 0;
        foreach ((int index, double rank) in AverageRanks(scores))
        {
            if (isPositive[index])
            {
                positiveRankSum += rank;
            }
        }

        double u = positiveRankSum - (positives * (positives + 1.0) / 2);
        return u / ((double)positives * negatives);
    }

    private static ClassMetrics ScoreClass(
        int c,
        string name,
        int[][] confusion,
        IReadOnlyList<int> labels,
        IReadOnlyList<float[]> probabilities)
    {
        int truePositives = confusion[c][c];
        int support = confusion[c].Sum();
        int predictedCount = confusion.Sum(row => row[c]);
        double precision = predictedCount == 0 ? 0 : (double)truePositives / predictedCount;
        double recall = support == 0 ? 0 : (double)truePositives / support;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

        double[] scores = probabilities.Select(p => (double)p[c]).ToArray();
        bool[] isPositive = labels.Select(l => l == c).ToArray();
        return new ClassMetrics(name, support, precision, recall, f1, RocAuc(scores, isPositive));
    }

    /// <summary>Yields each sample index with its 1-based rank by score, giving tied scores their mean rank.</summary>
    private static IEnumerable<(int Index, double Rank)> AverageRanks(IReadOnlyList<double> scores)
    {
        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        int start = 0;
        while (start < order.Length)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            double rank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                yield return (order[k], rank);
            }

            start = end + 1;
        }
    }

    private static int ArgMax(float[] row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static void Validate(IReadOnlyList<int> labels, IReadOnlyList<float[]> probabilities, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(classNames);
        if (labels.Count == 0 || labels.Count != probabilities.Count)
        {
            throw new ArgumentException(
                $"Expected the same non-zero number of labels and probability rows; got {labels.Count} and {probabilities.Count}.",
                nameof(probabilities));
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= classNames.Count)
            {
                throw new ArgumentException(
                    $"Label {labels[i]} of sample {i} is outside 0-{classNames.Count - 1}.", nameof(labels));
            }

            if (probabilities[i].Length != classNames.Count)
            {
                throw new ArgumentException(
                    $"Row {i} has {probabilities[i].Length} scores; expected {classNames.Count}.", nameof(probabilities));
            }
        }
    }
}
