using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Skinsight.Core.Catalog;
using AnnexMatch = Skinsight.Catalog.Ingredients.AnnexMatch;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning;

/// <summary>
/// Facts about each product of one catalog that do not depend on the person: its actives, SPF and any
/// conflicting pair it contains. Built once per catalog list and reused by every plan against it.
/// </summary>
internal sealed partial class CatalogIndex
{
    /// <summary>The maximum number of groups whose members the index keeps.</summary>
    /// <remarks>
    /// Only groups the knowledge defines (fragrance, nuts, drying-alcohol, ...) are kept, because any other name
    /// comes from a profile and would grow the index with every new word. Spelling variants of a known group
    /// ("Fragrance.", "fragrance!") count separately, so the bound still matters. Two plans adding at the same
    /// moment may each pass the check, so the count can exceed it by the number of concurrent plans.
    /// </remarks>
    public const int MaxCachedGroups = 64;

    private readonly IIngredientKnowledge _knowledge;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>?[]> _groupMembers =
        new(StringComparer.OrdinalIgnoreCase);

    private readonly Lazy<IngredientTable> _ingredients;
    private readonly Lazy<Dictionary<string, ProductFacts>> _byKey;
    private readonly Lazy<Dictionary<string, int>> _ingredientCounts;
    private readonly Lazy<IReadOnlyList<AnnexMatch>[]> _prohibited;

    public CatalogIndex(IReadOnlyList<Product> catalog, IIngredientKnowledge knowledge)
    {
        _knowledge = knowledge;
        var products = new ProductFacts[catalog.Count];
        for (int i = 0; i < catalog.Count; i++)
        {
            Product product = catalog[i];
            // Labels count too: some sources name an active in the highlights ("Salicylic Acid") but leave it
            // out of the ingredient list, and the safety rules must still see it.
            var actives = knowledge.FindActives(product.Ingredients).ToHashSet(StringComparer.Ordinal);
            actives.UnionWith(knowledge.FindActives(product.Labels));
            products[i] = new ProductFacts(i, product, actives, ParseSpf(product), FindInnerConflict(actives, knowledge));
        }

        Products = products;
        ByActive = products
            .SelectMany(p => p.Actives.Select(a => (Active: a, Facts: p)))
            .GroupBy(x => x.Active, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ProductFacts>)g.Select(x => x.Facts).ToList(), StringComparer.Ordinal);
        ByCategory = products
            .GroupBy(p => p.Product.Category)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ProductFacts>)g.ToList());

        _ingredients = new(() => IngredientTable.Build(products));

        // Only plans with a product history need these, so they are built on first use.
        _byKey = new(() => products.DistinctBy(p => p.Product.Key).ToDictionary(p => p.Product.Key, StringComparer.Ordinal));
        _ingredientCounts = new(() => products
            .SelectMany(p => p.Product.Ingredients.Select(NormaliseIngredient).Distinct())
            .CountBy(i => i)
            .ToDictionary(c => c.Key, c => c.Value));

        // Annex II matches do not depend on the person, so every plan against this catalog shares them.
        _prohibited = new(() => [.. products.Select(p => knowledge.FindProhibited(p.Product.Ingredients))]);
    }

    /// <summary>Per product, its ingredients that EU Annex II prohibits; empty lists when no annex data is loaded.</summary>
    public IReadOnlyList<AnnexMatch>[] Prohibited => _prohibited.Value;

    /// <summary>Finds a product by its <see cref="Product.Key"/>, or returns null when the catalog lacks it.</summary>
    public ProductFacts? FindByKey(string key) => _byKey.Value.GetValueOrDefault(key);

    /// <summary>Returns the share of the catalog's products whose ingredient list names <paramref name="ingredient"/>.</summary>
    public double IngredientShare(string ingredient) =>
        Products.Count == 0 ? 0 : (double)_ingredientCounts.Value.GetValueOrDefault(NormaliseIngredient(ingredient)) / Products.Count;

    /// <summary>Lower-cases and trims an ingredient name so that label variants compare equal.</summary>
    public static string NormaliseIngredient(string ingredient) => ingredient.Trim().ToLowerInvariant();

    public IReadOnlyList<ProductFacts> Products { get; }

    /// <summary>Products containing each active, by active id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ProductFacts>> ByActive { get; }

    public IReadOnlyDictionary<ProductCategory, IReadOnlyList<ProductFacts>> ByCategory { get; }

    /// <summary>Products that could fill a step: those with the step's target active, else those of fitting categories.</summary>
    public IEnumerable<ProductFacts> CandidatesFor(string step, string? targetActive)
    {
        if (targetActive is not null)
        {
            return ByActive.GetValueOrDefault(targetActive) ?? [];
        }

        return ByCategory.Where(c => RoutineSteps.Fits(step, c.Key)).SelectMany(c => c.Value).OrderBy(p => p.Index);
    }

    /// <summary>
    /// Returns, per product, the ingredients that belong to <paramref name="group"/>, or null when none do.
    /// Unknown groups match ingredients whose name contains the group name. Up to <see cref="MaxCachedGroups"/>
    /// groups that the knowledge defines are cached, and other names are looked up again by each plan.
    /// </summary>
    public IReadOnlyList<string>?[] GroupMembers(string group)
    {
        if (_groupMembers.TryGetValue(group, out IReadOnlyList<string>?[]? cached))
        {
            return cached;
        }

        IReadOnlyList<string>?[] members = FindGroupMembers(group);
        if (_groupMembers.Count < MaxCachedGroups && _knowledge.IsKnownGroup(group))
        {
            _groupMembers.TryAdd(group, members);
        }

        return members;
    }

    /// <summary>The number of groups whose members are cached, for tests of the bound.</summary>
    internal int CachedGroupCount => _groupMembers.Count;

    private IReadOnlyList<string>?[] FindGroupMembers(string group)
    {
        // Membership depends only on the ingredient's name, so each distinct name is tested once, not once per
        // product that lists it.
        IngredientTable table = _ingredients.Value;
        var found = IrritantGroups.Members(_knowledge, group, table.Names).ToHashSet(StringComparer.Ordinal);
        var members = new IReadOnlyList<string>?[Products.Count];
        if (found.Count == 0)
        {
            return members;
        }

        bool[] isMember = [.. table.Names.Select(found.Contains)];
        for (int product = 0; product < members.Length; product++)
        {
            List<string>? list = null;
            foreach (int position in table.NamesByProduct[product])
            {
                if (isMember[position])
                {
                    (list ??= []).Add(table.Names[position]);
                }
            }

            members[product] = list;
        }

        return members;
    }

    private static ActiveConflict? FindInnerConflict(HashSet<string> actives, IIngredientKnowledge knowledge)
    {
        if (actives.Count < 2)
        {
            return null;
        }

        return knowledge.Conflicts.FirstOrDefault(c => actives.Contains(c.FirstActiveId) && actives.Contains(c.SecondActiveId));
    }

    /// <summary>Reads the SPF from the product name or labels, e.g. "SPF 50+" or "SPF30", or returns null when absent.</summary>
    private static int? ParseSpf(Product product)
    {
        foreach (string text in product.Labels.Prepend(product.Name))
        {
            Match match = SpfPattern().Match(text);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bSPF\s*(\d{1,3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpfPattern();
}

/// <summary>The distinct ingredient names of a catalog, and per product the positions of its ingredients among them.</summary>
/// <param name="NamesByProduct">Per product, in catalog order, one position in <paramref name="Names"/> for each
/// entry of its ingredient list, in list order.</param>
internal sealed record IngredientTable(string[] Names, int[][] NamesByProduct)
{
    public static IngredientTable Build(IReadOnlyList<ProductFacts> products)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var byProduct = new int[products.Count][];
        foreach (ProductFacts facts in products)
        {
            IReadOnlyList<string> ingredients = facts.Product.Ingredients;
            var ofProduct = new int[ingredients.Count];
            for (int i = 0; i < ofProduct.Length; i++)
            {
                if (!positions.TryGetValue(ingredients[i], out ofProduct[i]))
                {
                    ofProduct[i] = positions.Count;
                    positions.Add(ingredients[i], ofProduct[i]);
                }
            }

            byProduct[facts.Index] = ofProduct;
        }

        string[] names = new string[positions.Count];
        foreach ((string name, int position) in positions)
        {
            names[position] = name;
        }

        return new IngredientTable(names, byProduct);
    }
}

/// <summary>Person-independent facts about one catalog product.</summary>
/// <param name="Index">Position in the catalog list.</param>
/// <param name="Actives">Ids of the actives found in the ingredient list or the labels.</param>
/// <param name="Spf">Sun protection factor stated in the name or labels, or null.</param>
/// <param name="InnerConflict">A conflicting pair of actives the product contains by itself, or null.</param>
internal sealed record ProductFacts(
    int Index, Product Product, IReadOnlySet<string> Actives, int? Spf, ActiveConflict? InnerConflict)
{
    public ProductForm Form { get; } = ProductForms.Classify(Product);
}
