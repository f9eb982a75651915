using Skinsight.Catalog.Ingredients;
using Skinsight.Data;

namespace Skinsight.Application.Catalog;

/// <summary>
/// Turns the "contains" words of a catalog search into a filter that keeps products holding every word. A word that
/// names an active or a class of actives in the knowledge base (<c>niacinamide</c>, <c>retinoid</c>, <c>bha</c>,
/// <c>vitamin c</c>, ...) is met by any member, so <c>retinoid</c> finds retinol and retinal alike. An allergen
/// group (<c>parabens</c>) is met by any of its members. Any other word must occur in one of the parsed ingredient
/// names, ignoring case.
/// </summary>
public static class ContainsFilter
{
    /// <summary>Returns <paramref name="query"/> with the contains words applied as described above.</summary>
    public static ProductQuery Apply(ProductQuery query, IEnumerable<string> contains, IngredientKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(contains);
        ArgumentNullException.ThrowIfNull(knowledge);

        var tests = new List<Func<IReadOnlyList<string>, bool>>();
        foreach (string word in contains.Select(w => w.Trim()).Where(w => w.Length > 0))
        {
            if (FreeOfFilter.FindClass(word, knowledge) is { } activeClass)
            {
                tests.Add(ingredients => knowledge.FindActives(ingredients)
                    .Any(a => a.Class == activeClass || a.Id == activeClass));
            }
            else if (knowledge.FindAllergenGroup(word) is not null)
            {
                tests.Add(ingredients => knowledge.ContainsAllergen(ingredients, word, out _));
            }
            else
            {
                tests.Add(ingredients => ingredients.Any(i => i.Contains(word, StringComparison.OrdinalIgnoreCase)));
            }
        }

        return tests.Count == 0 ? query : query.WithIngredientTest(ingredients => tests.All(t => t(ingredients)));
    }
}
