using Microsoft.ML;

namespace Skinsight.Ranking.Reviews;

/// <summary>A saved ranker loaded for scoring one (profile, product) pair at a time, as the planner needs.</summary>
public sealed class ReviewRankerModel
{
    private readonly RankerModelFile _file;
    private readonly PredictionEngine<FeatureRow, DislikePrediction> _engine;
    private readonly object _engineLock = new();

    private ReviewRankerModel(MLContext ml, RankerModelFile file)
    {
        _file = file;
        int featureCount = file.State.Space.Names(personal: true).Count;
        _engine = ml.Model.CreatePredictionEngine<FeatureRow, DislikePrediction>(
            file.Model, inputSchemaDefinition: RankerModelFile.SchemaFor(featureCount));
    }

    public ReviewLayout Layout => _file.State.Layout;

    /// <summary>Names of the model's features in vector order.</summary>
    public IReadOnlyList<string> FeatureNames => _file.State.Space.Names(personal: true);

    /// <summary>Loads a model written by <see cref="ReviewRanker.Train(string, string, string, int, IProgress{string}?)"/>.</summary>
    /// <exception cref="RankerDataException">The file is missing or is not a ranker model.</exception>
    public static ReviewRankerModel Load(string path)
    {
        var ml = new MLContext(seed: 0);
        return new ReviewRankerModel(ml, RankerModelFile.Load(ml, path));
    }

    /// <summary>
    /// Returns the probability that a person with <paramref name="profile"/> rates the product 3 stars or less.
    /// </summary>
    /// <param name="productKey">Sephora product id (<c>P473126</c>) or Olive Young <c>cream:301</c>; unknown products fall back to the global statistics.</param>
    /// <param name="product">Catalog facts of the product, or null when the catalog has none.</param>
    /// <param name="authorKey">The person's reviewer id when they have training reviews, so their history counts.</param>
    public double ScoreDislike(ReviewerProfile profile, string productKey, ProductFacts? product, string? authorKey = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrWhiteSpace(productKey);
        var review = new Review(authorKey ?? "", productKey, Review.DislikeMaxRating + 1, profile);
        float[] features = _file.State.Space.Build(review, product, _file.State.Statistics, inTraining: false, personal: true);
        lock (_engineLock)
        {
            // PredictionEngine is not thread-safe, and the planner may score from several requests at once.
            return _engine.Predict(new FeatureRow { Features = features }).Probability;
        }
    }

    internal sealed class DislikePrediction
    {
        public float Probability { get; set; }
    }
}
