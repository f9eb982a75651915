using System.Buffers;
using System.Globalization;
using System.Text;

namespace Skinsight.Catalog.Ingredients;

/// <summary>Spelling rules shared by the parser and the knowledge base.</summary>
public static class InciNames
{
    private static readonly HashSet<string> WaterWords = new(StringComparer.Ordinal)
    {
        "water", "aqua", "eau", "purified", "deionized", "deionised", "demineralized", "distilled", "de",
    };

    private static readonly HashSet<string> FragranceWords = new(StringComparer.Ordinal)
    {
        "fragrance", "fragrances", "parfum", "perfume", "aroma", "flavor", "flavour",
    };

    // Words that qualify a fragrance without naming another ingredient, as in "Fragrance (Natural)",
    // "Natural Fragrance", "Phthalate-Free Fragrance" or "Fragrance Oil".
    private static readonly HashSet<string> FragranceQualifiers = new(StringComparer.Ordinal)
    {
        "natural", "naturally", "derived", "organic", "oil", "oils", "blend", "essential", "proprietary",
        "phthalate", "phthalates", "nature", "identical", "hypoallergenic", "originale",
    };

    private static readonly SearchValues<string> s_aliasHints = SearchValues.Create(
        ["water", "aqua", "eau", "fragrance", "parfum", "perfume", "aroma"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the label name with its language variants folded: <c>Water/Aqua/Eau</c> and <c>Aqua (Water, Eau)</c>
    /// become <c>Water</c>, <c>Parfum (Fragrance)</c> and <c>Fragrance/Parfum</c> become <c>Parfum</c>.
    /// Other names are returned unchanged.
    /// </summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.AsSpan().IndexOfAny(s_aliasHints) < 0)
        {
            return name;
        }

        string[] words = SplitWords(name);
        if (words.Length == 0)
        {
            return name;
        }

        if (words.All(WaterWords.Contains) && words.Any(w => w is "water" or "aqua" or "eau"))
        {
            return "Water";
        }

        if (IsQualifiedFragrance(words))
        {
            return "Parfum";
        }

        return name;
    }

    /// <summary>
    /// Returns a matching key: lower case, accents removed, and every run of characters other than letters and
    /// digits turned into one space, so <c>Sodium  Hyaluronate.</c> and <c>sodium-hyaluronate</c> compare equal.
    /// </summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        bool space = false;
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    // "Phthalate Free Fragrance" is a fragrance, while "Fragrance Free" is a claim and stays as it is.
    private static bool IsQualifiedFragrance(string[] words)
    {
        bool named = false;
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i];
            if (word is "fragrance" or "fragrances" or "parfum" or "perfume")
            {
                named = true;
            }
            else if (word == "free")
            {
                if (i == 0 || words[i - 1] is not ("phthalate" or "phthalates"))
                {
                    return false;
                }
            }
            else if (!FragranceWords.Contains(word) && !FragranceQualifiers.Contains(word))
            {
                return false;
            }
        }

        return named;
    }

    private static string[] SplitWords(string name) =>
        Key(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
