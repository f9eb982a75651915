namespace Skinsight.Ranking.Reviews;

/// <summary>The review sources the ranker can read; each has its own file layout.</summary>
public enum ReviewLayout
{
    /// <summary>Sephora.com review files: <c>author_id</c>, <c>rating</c>, <c>skin_type</c>, <c>skin_tone</c>.</summary>
    Sephora,

    /// <summary>Olive Young review files: <c>user_id</c>, <c>user_keywords</c>, <c>user_rating</c>.</summary>
    OliveYoung,
}

/// <summary>The reviewer's self-reported profile as a review records it.</summary>
/// <param name="SkinType">Lower-case English skin type (<c>dry</c>, <c>oily</c>, ...), or empty when not given.</param>
/// <param name="SkinTone">Skin tone as the source spells it, or empty.</param>
/// <param name="Concerns">Lower-case English concern names, or the source's own words where no translation is known.</param>
public sealed record ReviewerProfile(string SkinType, string SkinTone, IReadOnlyList<string> Concerns)
{
    /// <summary>
    /// Profile group used for NDCG: skin type plus the sorted concerns, or skin type plus tone when the source
    /// records no concerns.
    /// </summary>
    public string Group
    {
        get
        {
            string type = SkinType.Length == 0 ? "unknown" : SkinType;
            if (Concerns.Count > 0)
            {
                return type + "/" + string.Join("+", Concerns.Order(StringComparer.Ordinal));
            }

            return type + "/" + (SkinTone.Length == 0 ? "unknown" : SkinTone);
        }
    }
}

/// <summary>One star rating of one product by one reviewer.</summary>
/// <param name="AuthorKey">Stable reviewer id; for Olive Young the masked nickname plus the profile keywords.</param>
/// <param name="ProductKey">Product id that joins the catalog: Sephora's <c>product_id</c>, or <c>cream:301</c>.</param>
/// <param name="Rating">Stars, 1 to 5.</param>
/// <param name="SourceProductRating">The product's average rating printed on the review row, where the source has one.</param>
public sealed record Review(
    string AuthorKey,
    string ProductKey,
    int Rating,
    ReviewerProfile Profile,
    double? SourceProductRating = null)
{
    /// <summary>Ratings of 3 stars or fewer count as a dislike, the target the ranker predicts.</summary>
    public const int DislikeMaxRating = 3;

    public bool Disliked => Rating <= DislikeMaxRating;
}
