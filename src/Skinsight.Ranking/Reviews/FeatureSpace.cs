using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Ranking.Reviews;

/// <summary>
/// The ranker's feature vector: vocabularies fitted on the training reviews, and the code that turns a review, its
/// product and the training statistics into floats. Missing values are NaN, which LightGBM routes on its own.
/// </summary>
public sealed class FeatureSpace
{
    /// <summary>Number of most common ingredients that get a presence feature.</summary>
    public const int TopIngredientCount = 40;

    /// <summary>Fewest training reviews a skin type, tone or concern needs to get its own feature.</summary>
    public const int MinValueCount = 5;

    public List<string> SkinTypes { get; set; } = [];

    public List<string> Tones { get; set; } = [];

    public List<string> Concerns { get; set; } = [];

    /// <summary>Curated active ids from <see cref="IngredientKnowledge"/>.</summary>
    public List<string> Actives { get; set; } = [];

    public List<string> Ingredients { get; set; } = [];

    /// <summary>Fits the vocabularies on the training reviews and the catalog entries of their products.</summary>
    public static FeatureSpace Fit(IReadOnlyCollection<Review> reviews, IReadOnlyDictionary<string, ProductFacts> catalog)
    {
        var reviewed = reviews.Select(r => r.ProductKey).Distinct(StringComparer.Ordinal)
            .Select(k => catalog.GetValueOrDefault(k)).OfType<ProductFacts>().ToList();
        return new FeatureSpace
        {
            SkinTypes = Frequent(reviews.Select(r => r.Profile.SkinType).Where(s => s.Length > 0), int.MaxValue),
            Tones = Frequent(reviews.Select(r => r.Profile.SkinTone).Where(s => s.Length > 0), int.MaxValue),
            Concerns = Frequent(reviews.SelectMany(r => r.Profile.Concerns), int.MaxValue),
            Actives = [.. IngredientKnowledge.LoadDefault().Actives.Select(a => a.Id).Order(StringComparer.Ordinal)],
            Ingredients = Frequent(reviewed.SelectMany(p => p.Ingredients.Distinct()), TopIngredientCount, minCount: 1),
        };
    }

    /// <summary>Feature names in vector order; without personal features only the product block remains.</summary>
    public IReadOnlyList<string> Names(bool personal)
    {
        var names = new List<string>();
        if (personal)
        {
            names.AddRange(SkinTypes.Select(s => "skin_type=" + s));
            names.AddRange(Tones.Select(s => "skin_tone=" + s));
            names.AddRange(Concerns.Select(s => "concern=" + s));
            names.AddRange(["author_prior_reviews", "author_mean_rating", "author_dislike_rate"]);
            names.AddRange(["skin_type_product_reviews", "skin_type_product_mean_rating"]);
        }

        names.AddRange(["product_reviews", "product_mean_rating", "product_dislike_rate"]);
        names.AddRange(["in_catalog", "catalog_rating", "catalog_review_count_log", "price_usd"]);
        names.AddRange(Enum.GetNames<ProductCategory>().Select(c => "category=" + c));
        names.AddRange(Actives.Select(a => "active=" + a));
        names.AddRange(Ingredients.Select(i => "ingredient=" + i));
        return names;
    }

    /// <summary>
    /// Builds the vector of one review. When <paramref name="inTraining"/> is true the review is part of
    /// <paramref name="stats"/>, so its own rating is left out of every summary.
    /// </summary>
    /// <param name="productStats">
    /// Out-of-fold statistics that exclude the review's author, used for the product and skin-type summaries in
    /// place of <paramref name="stats"/>; null to use <paramref name="stats"/>.
    /// </param>
    public float[] Build(
        Review review, ProductFacts? product, ReviewStatistics stats, bool inTraining, bool personal,
        ReviewStatistics? productStats = null)
    {
        Review? self = inTraining ? review : null;
        ReviewStatistics productSource = productStats ?? stats;
        Review? productSelf = productStats is null ? self : null;
        var v = new List<float>(Names(personal).Count);
        if (personal)
        {
            OneHot(v, SkinTypes, review.Profile.SkinType);
            OneHot(v, Tones, review.Profile.SkinTone);
            foreach (string concern in Concerns)
            {
                v.Add(review.Profile.Concerns.Contains(concern) ? 1 : 0);
            }

            RatingSummary author = stats.Author(review.AuthorKey, self);
            v.Add(author.Count);
            v.Add(author.Count == 0 ? float.NaN : (float)author.Mean);
            v.Add(author.Count == 0 ? float.NaN : (float)author.DislikeRate);

            RatingSummary group = productSource.SkinTypeProduct(review.Profile.SkinType, review.ProductKey, productSelf);
            v.Add(group.Count);
            v.Add((float)group.Mean);
        }

        RatingSummary productSummary = productSource.Product(review.ProductKey, productSelf);
        v.Add(productSummary.Count);
        v.Add((float)productSummary.Mean);
        v.Add((float)productSummary.DislikeRate);

        double? catalogRating = product?.Rating ?? review.SourceProductRating;
        v.Add(product is null ? 0 : 1);
        v.Add(catalogRating is { } rating ? (float)rating : float.NaN);
        v.Add(product?.ReviewCount is { } count ? (float)Math.Log(1 + count) : float.NaN);
        v.Add(product?.PriceUsd is { } price ? (float)price : float.NaN);

        foreach (ProductCategory category in Enum.GetValues<ProductCategory>())
        {
            if (product is null)
            {
                v.Add(float.NaN);
            }
            else
            {
                v.Add(product.Category == category ? 1 : 0);
            }
        }

        AddPresence(v, Actives, product is null ? null : ActivesOf(product));
        AddPresence(v, Ingredients, product?.Ingredients.ToHashSet(StringComparer.Ordinal));
        return [.. v];
    }

    private static HashSet<string> ActivesOf(ProductFacts product) =>
        [.. IngredientKnowledge.LoadDefault().FindActives(product.Ingredients).Select(a => a.Id)];

    private static void AddPresence(List<float> v, List<string> vocabulary, HashSet<string>? present)
    {
        foreach (string item in vocabulary)
        {
            v.Add(present is null ? float.NaN : present.Contains(item) ? 1 : 0);
        }
    }

    private static void OneHot(List<float> v, List<string> vocabulary, string value)
    {
        foreach (string item in vocabulary)
        {
            v.Add(item == value ? 1 : 0);
        }
    }

    private static List<string> Frequent(IEnumerable<string> values, int take, int minCount = MinValueCount) =>
        [.. values.GroupBy(s => s, StringComparer.Ordinal)
            .Where(g => g.Count() >= minCount)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(take)
            .Select(g => g.Key)];
}
