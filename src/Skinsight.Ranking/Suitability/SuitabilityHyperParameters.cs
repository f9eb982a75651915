namespace Skinsight.Ranking.Suitability;

/// <summary>The ML.NET tree learners the suitability search can choose between.</summary>
public enum SuitabilityLearner
{
    /// <summary>Gradient-boosted trees from LightGBM (<c>Microsoft.ML.LightGbm</c>).</summary>
    LightGbm,

    /// <summary>ML.NET's own gradient-boosted trees (<c>Microsoft.ML.FastTree</c>).</summary>
    FastTree,

    /// <summary>A random forest from <c>Microsoft.ML.FastTree</c>, which ignores the learning rate.</summary>
    FastForest,
}

/// <summary>Learner and tree settings shared by the five per-flag models.</summary>
/// <param name="NumberOfLeaves">Maximum leaves per tree.</param>
/// <param name="LearningRate">Shrinkage applied to each tree's output. Unused by <see cref="SuitabilityLearner.FastForest"/>, and 0 there by convention.</param>
/// <param name="NumberOfTrees">Boosting iterations, or trees in the forest.</param>
/// <param name="MinimumExampleCountPerLeaf">Fewest training rows a leaf may hold.</param>
/// <param name="Learner">Which ML.NET trainer fits the trees.</param>
public sealed record SuitabilityHyperParameters(
    int NumberOfLeaves,
    double LearningRate,
    int NumberOfTrees,
    int MinimumExampleCountPerLeaf,
    SuitabilityLearner Learner = SuitabilityLearner.LightGbm)
{
    /// <summary>
    /// The grid searched by default, 4 LightGBM settings: 2 leaf counts and 2 leaf sizes at learning rate 0.05 and
    /// 200 trees. Leaf sizes stay small because a fold of the shared catalog trains on only about 580 products.
    /// </summary>
    /// <remarks>
    /// FastTree and FastForest settings can be added through <see cref="SuitabilityTrainingOptions.Grid"/>. They are
    /// left out by default because one FastTree setting took 6 to 8 minutes to cross-validate on the shared catalog,
    /// on a 2-core machine under heavy load, several times as long as a LightGBM setting. It also scored below the
    /// best LightGBM setting. Learning rate 0.1 was dropped from the earlier 8-setting grid to halve the training
    /// time that the repeated cross-validation adds.
    /// </remarks>
    public static IReadOnlyList<SuitabilityHyperParameters> DefaultGrid { get; } =
    [
        .. from leaves in new[] { 4, 16 }
           from minLeaf in new[] { 5, 20 }
           select new SuitabilityHyperParameters(leaves, 0.05, 200, minLeaf, SuitabilityLearner.LightGbm),
    ];
}

/// <summary>How <see cref="SuitabilityTrainer"/> builds features and searches hyper-parameters.</summary>
public sealed record SuitabilityTrainingOptions
{
    public static SuitabilityTrainingOptions Default { get; } = new();

    /// <summary>Settings tried by cross-validation; each flag keeps the one with the lowest out-of-fold log loss.</summary>
    public IReadOnlyList<SuitabilityHyperParameters> Grid { get; init; } = SuitabilityHyperParameters.DefaultGrid;

    /// <summary>Number of cross-validation folds.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Number of cross-validation repeats, each with its own fold assignment (seeds <c>seed</c>, <c>seed + 1</c>, and so
    /// on). Every fold model of every repeat joins the final bag, and a flag uses the model only when it beat the
    /// majority rule in every repeat.
    /// </summary>
    public int Repeats { get; init; } = 2;

    /// <summary>
    /// Smallest mean out-of-fold F1 gain over the majority rule for which a flag uses the model; below it the flag
    /// keeps the majority rule. On about 700 training products one more correct "not suitable" call adds about 0.001
    /// to F1 of the sensitive flag.
    /// </summary>
    public double FallbackMargin { get; init; } = 0.001;

    /// <summary>Most ingredient names that get their own feature.</summary>
    public int MaxVocabulary { get; init; } = 300;

    /// <summary>Fewest training products an ingredient or a name token must appear in to get its own feature.</summary>
    public int MinProductsPerIngredient { get; init; } = 5;

    /// <summary>Most words of product names that get their own feature; 0 leaves the name out.</summary>
    public int MaxNameTokens { get; init; } = 200;

    /// <summary>
    /// Whether each product also gets its brand's smoothed flag rates (<see cref="Suitability.BrandRates"/>) as five
    /// features. Off by default: on five seeded 80/20 splits of the shared catalog they raised the sensitive AUC but
    /// lowered the mean held-out macro-F1 (see docs/suitability.md).
    /// </summary>
    public bool BrandRates { get; init; }

    /// <summary>Smoothing strength m of the brand rates: a brand counts as m extra products at the overall rate.</summary>
    public double BrandRateStrength { get; init; } = Suitability.BrandRates.DefaultStrength;

    /// <summary>Fewest training products a brand must have to get its own feature.</summary>
    public int MinProductsPerBrand { get; init; } = 3;

    /// <summary>
    /// Whether each flag takes the grid setting with its own lowest out-of-fold log loss (the default), or all five
    /// flags take the setting with the lowest mean log loss.
    /// </summary>
    public bool ChooseSettingPerFlag { get; init; } = true;

    /// <summary>
    /// Whether the model also gets a <see cref="NearDuplicateRule"/>, with its similarity chosen by leave-one-out on the
    /// training rows. On by default; the rule still stays off when it did not raise the out-of-fold macro-F1.
    /// </summary>
    public bool NearDuplicates { get; init; } = true;

    /// <summary>Trainer threads per model; 1 makes training reproducible from the seed.</summary>
    public int Threads { get; init; } = 1;
}
