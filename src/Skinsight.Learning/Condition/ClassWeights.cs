namespace Skinsight.Learning.Condition;

/// <summary>Loss weights that counter class imbalance.</summary>
public static class ClassWeights
{
    /// <summary>
    /// Returns (n / (classCount x n_c))^power for each class c with n_c samples, so power 1 makes every class weigh
    /// as much in total and power 0 gives all ones. Classes without samples get weight 0.
    /// </summary>
    public static float[] FromLabels(IReadOnlyList<int> labels, int classCount, double power)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[classCount];
        foreach (int label in labels)
        {
            counts[label]++;
        }

        return counts
            .Select(n => n == 0 ? 0f : (float)Math.Pow((double)labels.Count / (classCount * n), power))
            .ToArray();
    }
}
