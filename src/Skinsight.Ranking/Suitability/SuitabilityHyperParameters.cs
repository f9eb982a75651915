namespace Skinsight.Ranking.Suitability;

/// <summary>LightGBM settings shared by the five per-flag models.</summary>
/// <param name="NumberOfLeaves">Maximum leaves per tree.</param>
/// <param name="LearningRate">Shrinkage applied to each tree's output.</param>
/// <param name="NumberOfTrees">Boosting iterations, one tree each.</param>
/// <param name="MinimumExampleCountPerLeaf">Fewest training rows a leaf may hold.</param>
public sealed record SuitabilityHyperParameters(
    int NumberOfLeaves, double LearningRate, int NumberOfTrees, int MinimumExampleCountPerLeaf)
{
    /// <summary>
    /// The grid searched by default: 3 leaf counts, 2 learning rates, 2 tree counts and 2 leaf sizes, 24 settings in
    /// all. Leaf sizes stay small because a fold of the shared catalog trains on only about 650 products.
    /// </summary>
    public static IReadOnlyList<SuitabilityHyperParameters> DefaultGrid { get; } =
    [
        .. from leaves in new[] { 4, 8, 16 }
           from rate in new[] { 0.05, 0.1 }
           from trees in new[] { 50, 200 }
           from minLeaf in new[] { 5, 20 }
           select new SuitabilityHyperParameters(leaves, rate, trees, minLeaf),
    ];
}

/// <summary>How <see cref="SuitabilityTrainer"/> builds features and searches hyper-parameters.</summary>
public sealed record SuitabilityTrainingOptions
{
    public static SuitabilityTrainingOptions Default { get; } = new();

    /// <summary>Settings tried by cross-validation; the one with the best out-of-fold macro-F1 is kept.</summary>
    public IReadOnlyList<SuitabilityHyperParameters> Grid { get; init; } = SuitabilityHyperParameters.DefaultGrid;

    /// <summary>Number of cross-validation folds.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Most ingredient names that get their own feature.</summary>
    public int MaxVocabulary { get; init; } = 300;

    /// <summary>Fewest training products an ingredient must appear in to get its own feature.</summary>
    public int MinProductsPerIngredient { get; init; } = 5;

    /// <summary>LightGBM threads per model; 1 makes training reproducible from the seed.</summary>
    public int Threads { get; init; } = 1;
}
