namespace Skinsight.Ranking.Suitability;

/// <summary>
/// Marks a product unsuitable for a skin type when the training product closest to it in ingredients is at least
/// <see cref="MinSimilarity"/> alike (Jaccard index of the ingredient sets) and lacks that flag.
/// </summary>
/// <remarks>
/// The catalog sells nearly the same formula under several names: sizes, sets, tinted and untinted versions, a
/// brand's line of cleansers. Such products mostly carry the same skin types. The trees cannot use this, because a
/// product's closest relative is not a feature, and the k-nearest-neighbour baseline dilutes it with far neighbours.
/// The rule only ever clears a flag: on this catalog most products carry every flag, so "suitable" is the default and
/// only a confident "not suitable" can raise F1 (see <see cref="SuitabilityDecision"/>). The similarity is chosen on
/// the training rows by leave-one-out, and the rule is switched off unless it raised the out-of-fold macro-F1 there.
/// </remarks>
public sealed class NearDuplicateRule
{
    /// <summary>Fewest distinct ingredients a product and its match must both list; shorter lists match by chance.</summary>
    public const int MinIngredients = 3;

    /// <summary>Similarities tried when fitting, lowest first.</summary>
    public static IReadOnlyList<double> CandidateSimilarities { get; } = [0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>The rule that never changes a flag.</summary>
    public static NearDuplicateRule Off { get; } = new(null);

    public NearDuplicateRule(double? minSimilarity)
    {
        if (minSimilarity is { } similarity)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(similarity);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(similarity, 1.0);
        }

        MinSimilarity = minSimilarity;
    }

    /// <summary>Lowest Jaccard index at which the closest training product's missing flags are copied; null when off.</summary>
    public double? MinSimilarity { get; }

    /// <summary>
    /// Returns <paramref name="flags"/> with each set flag cleared when the closest training rows are similar enough
    /// and most of them lack it. The input array is not changed.
    /// </summary>
    public bool[] Apply(bool[] flags, NearestRows nearest, IReadOnlyList<bool[]> trainingFlags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(nearest);
        ArgumentNullException.ThrowIfNull(trainingFlags);
        bool[] result = (bool[])flags.Clone();
        if (MinSimilarity is not { } threshold || nearest.Rows.Length == 0 || nearest.Similarity < threshold)
        {
            return result;
        }

        for (int f = 0; f < result.Length; f++)
        {
            int lacking = nearest.Rows.Count(row => !trainingFlags[row][f]);
            if (2 * lacking > nearest.Rows.Length)
            {
                result[f] = false;
            }
        }

        return result;
    }

    /// <summary>
    /// Chooses the similarity by leave-one-out on the training rows: each row is matched against the others, the rule
    /// is applied on top of <paramref name="basePredictions"/> (the out-of-fold flags of each cross-validation repeat),
    /// and every candidate's macro-F1 gain is measured per repeat. The candidate with the highest mean gain among those
    /// that pass <see cref="SuitabilityDecision.UsesModel"/> wins, and of two equal gains the higher similarity. When
    /// none passes, the rule is off.
    /// </summary>
    /// <param name="neighbour">The nearest-neighbour baseline fitted on the same rows, which stores their ingredient sets.</param>
    /// <param name="actual">The training flags, <c>[row][flag]</c>.</param>
    /// <param name="basePredictions">Out-of-fold flags without the rule, <c>[repeat][row][flag]</c>.</param>
    /// <param name="margin">Smallest mean gain that counts.</param>
    public static NearDuplicateChoice Choose(
        NeighbourBaseline neighbour, IReadOnlyList<bool[]> actual, IReadOnlyList<bool[][]> basePredictions, double margin)
    {
        ArgumentNullException.ThrowIfNull(neighbour);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(basePredictions);
        if (basePredictions.Count == 0 || basePredictions.Any(p => p.Length != actual.Count) || neighbour.TrainingFlags.Count != actual.Count)
        {
            throw new ArgumentException("Pass one base prediction per training row for at least one repeat.", nameof(basePredictions));
        }

        NearestRows[] nearest = [.. Enumerable.Range(0, actual.Count).Select(i => neighbour.NearestToTrainingRow(i, MinIngredients))];
        double[] baseScores = [.. basePredictions.Select(p => BinaryMetrics.MacroF1(actual, p))];
        List<NearDuplicateCandidate> candidates = [];
        foreach (double similarity in CandidateSimilarities)
        {
            var rule = new NearDuplicateRule(similarity);
            double[] gains = new double[basePredictions.Count];
            int cleared = 0;
            for (int r = 0; r < basePredictions.Count; r++)
            {
                bool[][] applied = [.. basePredictions[r].Select((flags, i) => rule.Apply(flags, nearest[i], actual))];
                gains[r] = BinaryMetrics.MacroF1(actual, applied) - baseScores[r];
                cleared += applied.Zip(basePredictions[r]).Sum(p => p.First.Zip(p.Second).Count(f => f.Second && !f.First));
            }

            candidates.Add(new NearDuplicateCandidate(
                similarity, cleared / (double)basePredictions.Count, gains, SuitabilityDecision.UsesModel(gains, margin)));
        }

        NearDuplicateCandidate? best = candidates
            .Where(c => c.Passes)
            .OrderByDescending(c => c.Gains.Average())
            .ThenByDescending(c => c.MinSimilarity)
            .FirstOrDefault();
        return new NearDuplicateChoice(best is null ? Off : new NearDuplicateRule(best.MinSimilarity), candidates);
    }
}

/// <summary>The similarity <see cref="NearDuplicateRule.Choose"/> picked, and the evidence for each candidate.</summary>
public sealed record NearDuplicateChoice(NearDuplicateRule Rule, IReadOnlyList<NearDuplicateCandidate> Candidates);

/// <summary>One candidate similarity scored by leave-one-out on the training rows.</summary>
/// <param name="MinSimilarity">The candidate threshold.</param>
/// <param name="FlagsCleared">Product flags the rule cleared, averaged over the repeats.</param>
/// <param name="Gains">Macro-F1 with the rule minus without it, one value per cross-validation repeat.</param>
/// <param name="Passes">Whether the gains pass <see cref="SuitabilityDecision.UsesModel"/>.</param>
public sealed record NearDuplicateCandidate(double MinSimilarity, double FlagsCleared, double[] Gains, bool Passes);
