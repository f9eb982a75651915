namespace Skinsight.Ranking.Reviews;

/// <summary>Count, rating sum and dislike count of a set of reviews.</summary>
public sealed class RatingTally
{
    public int Count { get; set; }

    public double Sum { get; set; }

    public int Dislikes { get; set; }

    internal void Add(Review review)
    {
        Count++;
        Sum += review.Rating;
        Dislikes += review.Disliked ? 1 : 0;
    }
}

/// <summary>Smoothed rating summary of one author, product or profile group.</summary>
/// <param name="Count">Reviews behind the summary.</param>
/// <param name="Mean">Mean stars, shrunk towards the global mean by <see cref="ReviewStatistics.PriorWeight"/> reviews.</param>
/// <param name="DislikeRate">Share of ratings of 3 or less, shrunk the same way.</param>
public readonly record struct RatingSummary(int Count, double Mean, double DislikeRate);

/// <summary>
/// Per-author, per-product and per-(skin type, product) tallies of the training reviews. Training rows read them
/// with their own review left out, so a row's label never reaches its own features.
/// </summary>
public sealed class ReviewStatistics
{
    /// <summary>Pseudo-count of global-mean reviews added to every tally, so one review cannot give an extreme mean.</summary>
    public const double PriorWeight = 5;

    public double GlobalMean { get; set; }

    public double GlobalDislikeRate { get; set; }

    /// <summary>
    /// Tallies keyed by <see cref="HashAuthor"/>, so a saved model contains no reviewer ids from the source data.
    /// </summary>
    public Dictionary<string, RatingTally> Authors { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, RatingTally> Products { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tallies keyed by <c>skin type|product key</c>.</summary>
    public Dictionary<string, RatingTally> SkinTypeProducts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tallies the training reviews.</summary>
    public static ReviewStatistics Fit(IReadOnlyCollection<Review> reviews)
    {
        var stats = new ReviewStatistics();
        foreach (Review review in reviews)
        {
            Tally(stats.Authors, HashAuthor(review.AuthorKey)).Add(review);
            Tally(stats.Products, review.ProductKey).Add(review);
            Tally(stats.SkinTypeProducts, SkinTypeProductKey(review.Profile.SkinType, review.ProductKey)).Add(review);
        }

        stats.GlobalMean = reviews.Count == 0 ? 4 : reviews.Average(r => (double)r.Rating);
        stats.GlobalDislikeRate = reviews.Count == 0 ? 0.2 : reviews.Average(r => r.Disliked ? 1.0 : 0.0);
        return stats;
    }

    public static string SkinTypeProductKey(string skinType, string productKey) => skinType + "|" + productKey;

    /// <summary>Summarises the author's reviews, leaving <paramref name="self"/> out when it is one of them.</summary>
    public RatingSummary Author(string authorKey, Review? self = null) => Summarise(Authors, HashAuthor(authorKey), self);

    /// <summary>Returns the first 16 hex digits of the SHA-256 of the author key.</summary>
    public static string HashAuthor(string authorKey) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(authorKey)), 0, 8);

    /// <summary>True when the author has training reviews.</summary>
    public bool HasAuthor(string authorKey) => Authors.ContainsKey(HashAuthor(authorKey));

    public RatingSummary Product(string productKey, Review? self = null) => Summarise(Products, productKey, self);

    public RatingSummary SkinTypeProduct(string skinType, string productKey, Review? self = null) =>
        Summarise(SkinTypeProducts, SkinTypeProductKey(skinType, productKey), self);

    private RatingSummary Summarise(Dictionary<string, RatingTally> tallies, string key, Review? self)
    {
        int count = 0;
        double sum = 0;
        int dislikes = 0;
        if (tallies.TryGetValue(key, out RatingTally? tally))
        {
            count = tally.Count;
            sum = tally.Sum;
            dislikes = tally.Dislikes;
        }

        if (self is not null && count > 0)
        {
            count--;
            sum -= self.Rating;
            dislikes -= self.Disliked ? 1 : 0;
        }

        double mean = (sum + PriorWeight * GlobalMean) / (count + PriorWeight);
        double rate = (dislikes + PriorWeight * GlobalDislikeRate) / (count + PriorWeight);
        return new RatingSummary(count, mean, rate);
    }

    private static RatingTally Tally(Dictionary<string, RatingTally> tallies, string key)
    {
        if (!tallies.TryGetValue(key, out RatingTally? tally))
        {
            tally = new RatingTally();
            tallies[key] = tally;
        }

        return tally;
    }
}
