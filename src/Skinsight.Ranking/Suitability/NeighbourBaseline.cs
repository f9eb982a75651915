namespace Skinsight.Ranking.Suitability;

/// <summary>
/// A k-nearest-neighbour baseline: a product gets each flag that most of its k training products with the most
/// similar ingredient sets (Jaccard index) have.
/// </summary>
public sealed class NeighbourBaseline
{
    /// <summary>Odd values of k tried when fitting, so a vote never ties.</summary>
    public static IReadOnlyList<int> CandidateK { get; } = [1, 3, 5, 7, 9, 15, 21, 31];

    private readonly int[][] _sets;
    private readonly Dictionary<string, int> _ids;

    public NeighbourBaseline(int k, IReadOnlyList<string[]> trainingIngredients, IReadOnlyList<bool[]> trainingFlags)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentNullException.ThrowIfNull(trainingIngredients);
        ArgumentNullException.ThrowIfNull(trainingFlags);
        if (trainingIngredients.Count != trainingFlags.Count || trainingIngredients.Count == 0)
        {
            throw new ArgumentException(
                $"Got {trainingIngredients.Count} ingredient sets and {trainingFlags.Count} flag rows. Pass the same non-zero number of each.",
                nameof(trainingFlags));
        }

        K = k;
        TrainingIngredients = trainingIngredients;
        TrainingFlags = trainingFlags;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        _sets = [.. trainingIngredients.Select(ToIds)];
    }

    public int K { get; }

    /// <summary>Normalised ingredient names of each training product, saved with the model.</summary>
    public IReadOnlyList<string[]> TrainingIngredients { get; }

    public IReadOnlyList<bool[]> TrainingFlags { get; }

    /// <summary>
    /// Fits the baseline, choosing k from <see cref="CandidateK"/> by leave-one-out macro-F1 on the training data
    /// (the smallest k wins a tie).
    /// </summary>
    public static NeighbourBaseline Fit(IReadOnlyList<string[]> ingredients, IReadOnlyList<bool[]> flags)
    {
        var probe = new NeighbourBaseline(1, ingredients, flags);
        int[] candidates = [.. CandidateK.Where(k => k < ingredients.Count)];
        if (candidates.Length == 0)
        {
            candidates = [1];
        }

        var predictions = candidates.Select(_ => new bool[ingredients.Count][]).ToArray();
        for (int i = 0; i < ingredients.Count; i++)
        {
            int[] ranked = probe.Rank(probe._sets[i], exclude: i);
            for (int c = 0; c < candidates.Length; c++)
            {
                predictions[c][i] = probe.Vote(ranked, candidates[c]);
            }
        }

        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < candidates.Length; c++)
        {
            double score = BinaryMetrics.MacroF1(flags, predictions[c]);
            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }
        }

        return new NeighbourBaseline(candidates[best], ingredients, flags);
    }

    /// <summary>Returns the majority flags of the k training products most similar to the ingredient set.</summary>
    public bool[] Predict(IEnumerable<string> normalisedIngredients)
    {
        string[] names = [.. normalisedIngredients.Distinct(StringComparer.Ordinal)];
        int[] set = [.. names.Where(_ids.ContainsKey).Select(n => _ids[n]).Order()];
        int unknown = names.Length - set.Length;
        return Vote(Rank(set, exclude: -1, unknown), K);
    }

    /// <summary>
    /// Returns the training rows whose ingredient sets are most similar (Jaccard index) to the given one, among rows
    /// with at least <paramref name="minIngredients"/> distinct ingredients; several rows when they tie. Returns
    /// <see cref="NearestRows.None"/> when the set itself has fewer ingredients.
    /// </summary>
    public NearestRows Nearest(IEnumerable<string> normalisedIngredients, int minIngredients)
    {
        ArgumentNullException.ThrowIfNull(normalisedIngredients);
        string[] names = [.. normalisedIngredients.Distinct(StringComparer.Ordinal)];
        int[] set = [.. names.Where(_ids.ContainsKey).Select(n => _ids[n]).Order()];
        return Nearest(set, names.Length - set.Length, exclude: -1, minIngredients);
    }

    /// <summary>Returns the training rows most similar to training row <paramref name="row"/>, leaving that row out.</summary>
    internal NearestRows NearestToTrainingRow(int row, int minIngredients) => Nearest(_sets[row], 0, row, minIngredients);

    /// <summary>Returns the Jaccard index of two sets: the size of their intersection over that of their union.</summary>
    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        int union = a.Count + b.Count;
        if (union == 0)
        {
            return 0;
        }

        int shared = a.Count(b.Contains);
        return (double)shared / (union - shared);
    }

    private int[] ToIds(string[] names)
    {
        foreach (string name in names)
        {
            _ids.TryAdd(name, _ids.Count);
        }

        return [.. names.Select(n => _ids[n]).Distinct().Order()];
    }

    // Training rows ordered by falling similarity, ties by row order. `unknown` counts query ingredients no training
    // product has: they enlarge the union but never the intersection.
    private int[] Rank(int[] query, int exclude, int unknown = 0)
    {
        var similarities = new double[_sets.Length];
        for (int j = 0; j < _sets.Length; j++)
        {
            int shared = IntersectionSize(query, _sets[j]);
            int union = query.Length + unknown + _sets[j].Length - shared;
            if (j == exclude)
            {
                similarities[j] = double.NegativeInfinity;
            }
            else
            {
                similarities[j] = union == 0 ? 0 : (double)shared / union;
            }
        }

        int[] order = [.. Enumerable.Range(0, _sets.Length)];
        Array.Sort(order, (x, y) =>
        {
            int bySimilarity = similarities[y].CompareTo(similarities[x]);
            return bySimilarity != 0 ? bySimilarity : x.CompareTo(y);
        });
        return order;
    }

    private NearestRows Nearest(int[] query, int unknown, int exclude, int minIngredients)
    {
        if (query.Length + unknown < minIngredients)
        {
            return NearestRows.None;
        }

        double best = -1;
        List<int> rows = [];
        for (int j = 0; j < _sets.Length; j++)
        {
            if (j == exclude || _sets[j].Length < minIngredients)
            {
                continue;
            }

            int shared = IntersectionSize(query, _sets[j]);
            double similarity = (double)shared / (query.Length + unknown + _sets[j].Length - shared);
            if (similarity > best)
            {
                best = similarity;
                rows.Clear();
            }

            if (similarity == best)
            {
                rows.Add(j);
            }
        }

        return rows.Count == 0 ? NearestRows.None : new NearestRows(best, [.. rows]);
    }

    private bool[] Vote(int[] ranked, int k)
    {
        int take = Math.Min(k, ranked.Length);
        bool[] flags = new bool[SkinTypeFlags.Count];
        for (int f = 0; f < flags.Length; f++)
        {
            int votes = 0;
            for (int i = 0; i < take; i++)
            {
                votes += TrainingFlags[ranked[i]][f] ? 1 : 0;
            }

            flags[f] = 2 * votes > take;
        }

        return flags;
    }

    private static int IntersectionSize(int[] a, int[] b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }
}

/// <summary>The training rows tied for the highest similarity to a product, and that similarity.</summary>
/// <param name="Similarity">Jaccard index of the ingredient sets, 0 to 1.</param>
/// <param name="Rows">Indices into <see cref="NeighbourBaseline.TrainingFlags"/>; empty when no row qualified.</param>
public sealed record NearestRows(double Similarity, int[] Rows)
{
    public static NearestRows None { get; } = new(0, []);
}
