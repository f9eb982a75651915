using Microsoft.ML;

namespace Skinsight.Ranking.Reviews;

/// <summary>One feature's share of a dislike score.</summary>
/// <param name="Value">The feature's value for this pair; NaN when missing.</param>
/// <param name="Contribution">Change in the raw (log-odds) score; positive pushes towards a dislike.</param>
public sealed record FeatureContribution(string Feature, float Value, float Contribution);

/// <summary>Dislike probability of one (profile, product) pair and the features that drove it.</summary>
public sealed record DislikeScore(double Probability, IReadOnlyList<FeatureContribution> TopContributions);

/// <summary>A saved ranker loaded for scoring one (profile, product) pair at a time, as the planner needs.</summary>
public sealed class ReviewRankerModel
{
    private readonly RankerModelFile _file;
    private readonly PredictionEngine<FeatureRow, DislikePrediction> _engine;
    private readonly object _engineLock = new();

    private readonly bool _personal;

    private ReviewRankerModel(MLContext ml, RankerModelFile file, bool personal)
    {
        _file = file;
        _personal = personal;
        int featureCount = file.State.Space.Names(personal).Count;
        _engine = ml.Model.CreatePredictionEngine<FeatureRow, DislikePrediction>(
            personal ? file.Model : file.NoProfileModel, inputSchemaDefinition: RankerModelFile.SchemaFor(featureCount));
    }

    public ReviewLayout Layout => _file.State.Layout;

    /// <summary>Names of the model's features in vector order.</summary>
    public IReadOnlyList<string> FeatureNames => _file.State.Space.Names(_personal);

    /// <summary>Loads a model written by <see cref="ReviewRanker.Train(string, string, string, int, IProgress{string}?)"/>.</summary>
    /// <param name="useProfile">
    /// False loads the baseline trained without profile and history features. It ranked better than the full model
    /// for Sephora reviewers without training reviews, which is the case for every Skinsight user.
    /// </param>
    /// <exception cref="RankerDataException">The file is missing or is not a ranker model.</exception>
    public static ReviewRankerModel Load(string path, bool useProfile = true)
    {
        var ml = new MLContext(seed: 0);
        return new ReviewRankerModel(ml, RankerModelFile.Load(ml, path), useProfile);
    }

    /// <summary>
    /// Returns the probability that a person with <paramref name="profile"/> rates the product 3 stars or less, with
    /// the features that moved the score most.
    /// </summary>
    /// <param name="productKey">Sephora product id (<c>P473126</c>) or Olive Young <c>cream:301</c>; unknown products fall back to the global statistics.</param>
    /// <param name="product">Catalog facts of the product, or null when the catalog has none.</param>
    /// <param name="authorKey">The person's reviewer id when they have training reviews, so their history counts.</param>
    /// <param name="topContributions">How many features to return, largest absolute contribution first.</param>
    public DislikeScore Score(
        ReviewerProfile profile, string productKey, ProductFacts? product, string? authorKey = null, int topContributions = 5)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrWhiteSpace(productKey);
        var review = new Review(authorKey ?? "", productKey, Review.DislikeMaxRating + 1, profile);
        float[] features = _file.State.Space.Build(review, product, _file.State.Statistics, inTraining: false, _personal);
        DislikePrediction prediction;
        lock (_engineLock)
        {
            // PredictionEngine is not thread-safe, and the planner may score from several requests at once.
            prediction = _engine.Predict(new FeatureRow { Features = features });
        }

        // Contributions are in the model's raw score units (log-odds before Platt calibration); positive raises
        // the dislike probability.
        IReadOnlyList<string> names = FeatureNames;
        FeatureContribution[] top =
        [
            .. prediction.FeatureContributions
                .Select((value, i) => new FeatureContribution(names[i], features[i], value))
                .Where(c => c.Contribution != 0)
                .OrderByDescending(c => Math.Abs(c.Contribution))
                .Take(topContributions),
        ];
        return new DislikeScore(prediction.Probability, top);
    }

    /// <summary>Returns only the dislike probability of <see cref="Score"/>.</summary>
    public double ScoreDislike(ReviewerProfile profile, string productKey, ProductFacts? product, string? authorKey = null) =>
        Score(profile, productKey, product, authorKey, topContributions: 0).Probability;

    internal sealed class DislikePrediction
    {
        public float Probability { get; set; }

        public float[] FeatureContributions { get; set; } = [];
    }
}
