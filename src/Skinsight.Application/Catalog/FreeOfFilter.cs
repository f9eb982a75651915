using Skinsight.Catalog.Ingredients;
using Skinsight.Data;

namespace Skinsight.Application.Catalog;

/// <summary>
/// Turns the "free of" words of a catalog search into filters. A word that names an ingredient class of the
/// knowledge base (<c>fragrance</c>, <c>drying alcohol</c>, <c>essential oils</c>, <c>retinoid</c>, ...) or an
/// allergen group (<c>parabens</c>, <c>tree nuts</c>, ...) leaves out products with any member of it, and
/// <c>fragrance</c> names both. Any other
/// word leaves out products whose raw ingredient list contains it.
/// </summary>
public static class FreeOfFilter
{
    /// <summary>Returns <paramref name="query"/> with the free-of words applied as described above.</summary>
    public static ProductQuery Apply(ProductQuery query, IEnumerable<string> freeOf, IngredientKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(freeOf);
        ArgumentNullException.ThrowIfNull(knowledge);

        var words = new List<string>();
        var tests = new List<Func<IReadOnlyList<string>, bool>>();
        foreach (string word in freeOf.Select(w => w.Trim()).Where(w => w.Length > 0))
        {
            // "fragrance" is both a class (parfum) and an allergen group (the labelled allergens), so both apply.
            string? activeClass = FindClass(word, knowledge);
            if (activeClass is not null)
            {
                tests.Add(ingredients => !knowledge.FindActives(ingredients)
                    .Any(a => a.Class == activeClass || a.Id == activeClass));
            }

            if (knowledge.FindAllergenGroup(word) is not null)
            {
                tests.Add(ingredients => !knowledge.ContainsAllergen(ingredients, word, out _));
            }
            else if (activeClass is null)
            {
                words.Add(word);
            }
        }

        query = query with { FreeOf = [.. query.FreeOf ?? [], .. words] };
        return tests.Count == 0 ? query : query.WithIngredientTest(ingredients => tests.All(t => t(ingredients)));
    }

    /// <summary>Returns the class or id of the actives a word names ("drying alcohol", "essential oils"), or null.</summary>
    internal static string? FindClass(string word, IngredientKnowledge knowledge)
    {
        string key = InciNames.Key(word).Replace(' ', '-');
        string singular = key.EndsWith('s') ? key[..^1] : key;
        return knowledge.Actives
            .SelectMany(a => new[] { a.Class, a.Id })
            .FirstOrDefault(c => c == key || c == singular);
    }
}
