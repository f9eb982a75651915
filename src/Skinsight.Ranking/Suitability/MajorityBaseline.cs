namespace Skinsight.Ranking.Suitability;

/// <summary>Predicts, for each flag, the class that was more common in the training data.</summary>
public sealed record MajorityBaseline(bool[] Flags)
{
    /// <summary>Fits the baseline: a flag is predicted true when at least half the training rows have it.</summary>
    public static MajorityBaseline Fit(IReadOnlyList<bool[]> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        bool[] flags = new bool[SkinTypeFlags.Count];
        for (int f = 0; f < flags.Length; f++)
        {
            flags[f] = 2 * training.Count(row => row[f]) >= training.Count;
        }

        return new MajorityBaseline(flags);
    }

    public bool[] Predict() => (bool[])Flags.Clone();
}
