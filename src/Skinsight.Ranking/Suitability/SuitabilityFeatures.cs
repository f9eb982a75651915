using System.Text.RegularExpressions;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Ranking.Suitability;

/// <summary>
/// The fixed-length feature vector of a product: one position-weighted slot per vocabulary ingredient, one slot per
/// curated active, one slot per name token and per brand seen often enough in training, a one-hot category, the
/// price and the ingredient count.
/// </summary>
/// <remarks>
/// An ingredient slot is 0 when the ingredient is absent and <c>1 - i / n</c> when it is the i-th (0-based) of n
/// ingredients, so the first ingredient scores 1 and the last 1/n. Labels list ingredients by falling
/// concentration (above 1%), so the weight carries both presence and a rough amount.
/// </remarks>
public sealed class SuitabilityFeatures
{
    private static readonly ProductCategory[] s_categories = Enum.GetValues<ProductCategory>();
    private static readonly Regex s_word = new(@"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, int> _ingredientSlots;
    private readonly Dictionary<string, int> _activeSlots;
    private readonly Dictionary<string, int> _nameTokenSlots;
    private readonly Dictionary<string, int> _brandSlots;
    private readonly IngredientKnowledge _knowledge;

    public SuitabilityFeatures(IReadOnlyList<string> vocabulary, IReadOnlyList<string> activeIds, IngredientKnowledge knowledge)
        : this(vocabulary, activeIds, [], [], knowledge)
    {
    }

    public SuitabilityFeatures(
        IReadOnlyList<string> vocabulary,
        IReadOnlyList<string> activeIds,
        IReadOnlyList<string> nameTokens,
        IReadOnlyList<string> brands,
        IngredientKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(activeIds);
        ArgumentNullException.ThrowIfNull(nameTokens);
        ArgumentNullException.ThrowIfNull(brands);
        ArgumentNullException.ThrowIfNull(knowledge);
        Vocabulary = vocabulary;
        ActiveIds = activeIds;
        NameTokens = nameTokens;
        Brands = brands;
        _knowledge = knowledge;
        _ingredientSlots = Slots(vocabulary, 0);
        _activeSlots = Slots(activeIds, vocabulary.Count);
        _nameTokenSlots = Slots(nameTokens, vocabulary.Count + activeIds.Count);
        _brandSlots = Slots(brands, vocabulary.Count + activeIds.Count + nameTokens.Count);
    }

    /// <summary>Normalised ingredient names that get a slot, most frequent first.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Ids of the curated actives that get a slot.</summary>
    public IReadOnlyList<string> ActiveIds { get; }

    /// <summary>Words of product names (see <see cref="NameTokensOf"/>) that get a slot, most frequent first.</summary>
    public IReadOnlyList<string> NameTokens { get; }

    /// <summary>Normalised brand names that get a slot, most frequent first.</summary>
    public IReadOnlyList<string> Brands { get; }

    public int Length => Vocabulary.Count + ActiveIds.Count + NameTokens.Count + Brands.Count + s_categories.Length + 2;

    /// <summary>
    /// Builds the feature space from training products: the <paramref name="maxVocabulary"/> ingredient names found
    /// in at least <paramref name="minProducts"/> products (ties broken by name), and every active the knowledge
    /// base lists. Name tokens and brands are left out.
    /// </summary>
    public static SuitabilityFeatures Fit(
        IEnumerable<Product> products, int maxVocabulary, int minProducts, IngredientKnowledge knowledge) =>
        Fit(products, maxVocabulary, minProducts, maxNameTokens: 0, minBrandProducts: int.MaxValue, knowledge);

    /// <summary>
    /// Builds the feature space from training products: the <paramref name="maxVocabulary"/> ingredient names and
    /// the <paramref name="maxNameTokens"/> name tokens found in at least <paramref name="minProducts"/> products
    /// (ties broken by text), every brand with at least <paramref name="minBrandProducts"/> products, and every
    /// active the knowledge base lists.
    /// </summary>
    public static SuitabilityFeatures Fit(
        IEnumerable<Product> products,
        int maxVocabulary,
        int minProducts,
        int maxNameTokens,
        int minBrandProducts,
        IngredientKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentOutOfRangeException.ThrowIfNegative(maxVocabulary);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNameTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(minProducts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minBrandProducts, 1);

        List<Product> list = [.. products];
        string[] vocabulary = MostFrequent(list.Select(p => (IEnumerable<string>)NormalisedSet(p)), minProducts, maxVocabulary);
        string[] nameTokens = MostFrequent(list.Select(p => (IEnumerable<string>)NameTokensOf(p)), minProducts, maxNameTokens);
        string[] brands = MostFrequent(list.Select(p => (IEnumerable<string>)[NormaliseBrand(p.Brand)]), minBrandProducts, int.MaxValue);
        string[] activeIds = [.. knowledge.Actives.Select(a => a.Id).Order(StringComparer.Ordinal)];
        return new SuitabilityFeatures(vocabulary, activeIds, nameTokens, brands, knowledge);
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

        foreach (string token in NameTokensOf(product))
        {
            if (_nameTokenSlots.TryGetValue(token, out int slot))
            {
                features[slot] = 1f;
            }
        }

        if (_brandSlots.TryGetValue(NormaliseBrand(product.Brand), out int brandSlot))
        {
            features[brandSlot] = 1f;
        }

        int next = Vocabulary.Count + ActiveIds.Count + NameTokens.Count + Brands.Count;
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

    /// <summary>
    /// Returns the distinct lower-case words of the product's name: runs of letters, digits and inner hyphens
    /// (so "Oil-Free" stays one token), of at least 3 characters and not all digits.
    /// </summary>
    public static HashSet<string> NameTokensOf(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        HashSet<string> tokens = new(StringComparer.Ordinal);
        foreach (Match match in s_word.Matches(product.Name.ToLowerInvariant()))
        {
            if (match.Length >= 3 && !match.Value.All(char.IsAsciiDigit))
            {
                tokens.Add(match.Value);
            }
        }

        return tokens;
    }

    /// <summary>Returns the brand name used for matching: trimmed and upper case.</summary>
    public static string NormaliseBrand(string brand) => brand.Trim().ToUpperInvariant();

    private static Dictionary<string, int> Slots(IReadOnlyList<string> names, int offset) =>
        names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => offset + p.i, StringComparer.Ordinal);

    private static string[] MostFrequent(IEnumerable<IEnumerable<string>> sets, int minCount, int max)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string item in sets.SelectMany(s => s).Where(s => s.Length > 0))
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }

        return [.. counts
            .Where(p => p.Value >= minCount)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(max)
            .Select(p => p.Key)];
    }
}
