using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Ranking.Suitability;

/// <summary>
/// The fixed-length feature vector of a product: one position-weighted slot per vocabulary ingredient, one slot per
/// curated active, a one-hot category, the price and the ingredient count.
/// </summary>
/// <remarks>
/// An ingredient slot is 0 when the ingredient is absent and <c>1 - i / n</c> when it is the i-th (0-based) of n
/// ingredients, so the first ingredient scores 1 and the last 1/n. Labels list ingredients by falling
/// concentration (above 1%), so the weight carries both presence and a rough amount.
/// </remarks>
public sealed class SuitabilityFeatures
{
    private static readonly ProductCategory[] s_categories = Enum.GetValues<ProductCategory>();

    private readonly Dictionary<string, int> _ingredientSlots;
    private readonly Dictionary<string, int> _activeSlots;
    private readonly IngredientKnowledge _knowledge;

    public SuitabilityFeatures(IReadOnlyList<string> vocabulary, IReadOnlyList<string> activeIds, IngredientKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(activeIds);
        ArgumentNullException.ThrowIfNull(knowledge);
        Vocabulary = vocabulary;
        ActiveIds = activeIds;
        _knowledge = knowledge;
        _ingredientSlots = vocabulary.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        _activeSlots = activeIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => vocabulary.Count + p.i);
    }

    /// <summary>Normalised ingredient names that get a slot, most frequent first.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Ids of the curated actives that get a slot.</summary>
    public IReadOnlyList<string> ActiveIds { get; }

    public int Length => Vocabulary.Count + ActiveIds.Count + s_categories.Length + 2;

    /// <summary>
    /// Builds the feature space from training products: the <paramref name="maxVocabulary"/> ingredient names found
    /// in at least <paramref name="minProducts"/> products (ties broken by name), and every active the knowledge
    /// base lists.
    /// </summary>
    public static SuitabilityFeatures Fit(
        IEnumerable<Product> products, int maxVocabulary, int minProducts, IngredientKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(products);
        ArgumentOutOfRangeException.ThrowIfNegative(maxVocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(minProducts, 1);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Product product in products)
        {
            foreach (string name in NormalisedSet(product))
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        string[] vocabulary = [.. counts
            .Where(p => p.Value >= minProducts)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(maxVocabulary)
            .Select(p => p.Key)];
        string[] activeIds = [.. knowledge.Actives.Select(a => a.Id).Order(StringComparer.Ordinal)];
        return new SuitabilityFeatures(vocabulary, activeIds, knowledge);
    }

    /// <summary>Returns the product's feature vector of <see cref="Length"/> values.</summary>
    public float[] Extract(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        float[] features = new float[Length];
        IReadOnlyList<string> ingredients = product.Ingredients;
        for (int i = ingredients.Count - 1; i >= 0; i--)
        {
            // Walking backwards leaves the weight of an ingredient's first mention when a kit lists it twice.
            if (_ingredientSlots.TryGetValue(Normalise(ingredients[i]), out int slot))
            {
                features[slot] = 1f - ((float)i / ingredients.Count);
            }
        }

        foreach (ActiveIngredient active in _knowledge.FindActives(ingredients))
        {
            if (_activeSlots.TryGetValue(active.Id, out int slot))
            {
                features[slot] = 1f;
            }
        }

        int next = Vocabulary.Count + ActiveIds.Count;
        features[next + Array.IndexOf(s_categories, product.Category)] = 1f;
        next += s_categories.Length;

        // A missing price is -1 so the trees can split it away from every real price.
        features[next] = product.PriceUsd is { } price ? MathF.Log(1f + (float)price) : -1f;
        features[next + 1] = ingredients.Count;
        return features;
    }

    /// <summary>Returns the name used for matching: trimmed and lower case.</summary>
    public static string Normalise(string ingredient) => ingredient.Trim().ToLowerInvariant();

    /// <summary>Returns the distinct normalised ingredient names of a product.</summary>
    public static HashSet<string> NormalisedSet(Product product) =>
        [.. product.Ingredients.Select(Normalise).Where(n => n.Length > 0)];
}
