using System.Buffers;
using System.Text.RegularExpressions;

namespace Skinsight.Catalog.Ingredients;

/// <summary>Cleaning of single tokens and the tests that tell names from prose, claims and footnotes.</summary>
public static partial class InciParser
{
    private const int MaxNameLength = 300;

    /// <summary>Cleans one token; returns null when nothing in it is an ingredient name.</summary>
    internal static IngredientToken? Clean(string token)
    {
        string text = token.Trim();
        if (IsFootnoteLegend(text))
        {
            return null;
        }

        decimal? percent = null;
        Match pct = Percentage().Match(text.Contains('%') ? text : "");
        if (pct.Success && decimal.TryParse(
                pct.Groups["value"].Value.Replace(',', '.'),
                System.Globalization.NumberStyles.Number,
                System.Globalization.CultureInfo.InvariantCulture,
                out decimal value))
        {
            percent = value;
            text = text.Remove(pct.Index, pct.Length);
        }

        List<string> colourIndexes = [];
        if (text.AsSpan().IndexOfAnyInRange('0', '9') >= 0 && ColourIndex().IsMatch(text))
        {
            text = ColourIndex().Replace(text, m =>
            {
                colourIndexes.Add("CI " + m.Groups["number"].Value);
                return " ";
            });
        }

        string name = Tidy(text);
        if (name.Length == 0 && colourIndexes.Count > 0)
        {
            name = colourIndexes[0];
        }

        if (!IsPlausibleName(name))
        {
            return null;
        }

        return new IngredientToken(InciNames.Canonical(name), token.Trim(), percent, colourIndexes);
    }

    private static readonly SearchValues<string> s_legendWords = SearchValues.Create(
    [
        "organic", "natural", "derived", "origin", "allergen", "certified", "essential oil", "component", "exfoliant",
        "farming", "ingredient", "grade", "wild", "fair trade", "biodynamic", "harvest", "vegetable", "plant",
        "sourced", "constituent", "ecocert", "cosmos", "non-gmo", "vegan",
    ], StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a legend such as <c>*Organic</c>, false for a marked name such as <c>*Glycerin</c>.</summary>
    private static bool IsFootnoteLegend(string text)
    {
        if (text.Length == 0 || text[0] is not ('*' or '\u2020' or '\u2021' or '\u00B0'))
        {
            return false;
        }

        string body = text.TrimStart('*', '\u2020', '\u2021', '\u00B0', ' ');
        return body.Length == 0 || body.AsSpan().IndexOfAny(s_legendWords) >= 0;
    }

    private static string Tidy(string text)
    {
        string s = text.Contains('(') ? EmptyBrackets().Replace(text, " ") : text;
        s = s.Contains("  ", StringComparison.Ordinal) ? Whitespace().Replace(s, " ").Trim() : s.Trim();
        s = s.Trim(' ', '*', '\u2020', '\u2021', '\u00B0', '^', '~', '[', ']', '/', ',', ';', '+', '-', '"', '\'', '.');
        if (s.EndsWith("Denat", StringComparison.OrdinalIgnoreCase))
        {
            s += ".";
        }

        s = BalanceParentheses(s);
        bool wrapped = s.Length > 2 && s[0] == '(' && s[^1] == ')' && s.IndexOfAny(['(', ')'], 1, s.Length - 2) < 0;
        return wrapped ? s[1..^1].Trim() : s;
    }

    private static string BalanceParentheses(string s)
    {
        int depth = 0;
        foreach (char c in s)
        {
            depth += Nesting(c);
        }

        if (depth > 0)
        {
            return s + new string(')', depth);
        }

        return depth < 0 && s.StartsWith(')') ? s.TrimStart(')', ' ') : s;
    }

    private static bool IsPlausibleName(string name)
    {
        if (name.Length < 2 || name.Length > MaxNameLength || !name.Any(char.IsLetter))
        {
            return false;
        }

        return name.AsSpan().IndexOfAny(s_notIngredientPhrases) < 0 && !LooksLikeProse(name);
    }

    private static readonly SearchValues<string> s_notIngredientPhrases = SearchValues.Create(
    [
        "visit the", "boutique", "no info", "#name?", "ingredient list", "subject to change", "please ",
        "for the most", "refer to", "packaging", "certified organic", "organic ingredient", "natural origin",
        "clean at sephora", "formulated without", "free of ", "free from", "may vary", "contains no",
    ], StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_functionWords =
        FunctionWords().GetAlternateLookup<ReadOnlySpan<char>>();

    private static HashSet<string> FunctionWords() => new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "is", "are", "to", "of", "for", "with", "your", "that", "this", "it", "its", "in",
        "from", "by", "which", "helps", "help", "be", "was", "our", "you", "into", "while", "as", "on",
    };

    /// <summary>True for a marketing sentence or disclaimer rather than a run of INCI names.</summary>
    internal static bool LooksLikeProse(string text)
    {
        int words = 0;
        int functionWords = 0;
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            int start = rest.IndexOfAnyInRange('A', 'z');
            if (start < 0)
            {
                break;
            }

            rest = rest[start..];
            int end = 0;
            while (end < rest.Length && char.IsAsciiLetter(rest[end]))
            {
                end++;
            }

            if (end > 0)
            {
                words++;
                functionWords += s_functionWords.Contains(rest[..end]) ? 1 : 0;
            }

            rest = rest[Math.Max(end, 1)..];
        }

        // INCI names almost never contain English function words, while prose is full of them. The "(and)" that
        // joins blended ingredients in some lists stays under this ratio.
        return functionWords >= 2 && functionWords * 6 >= words;
    }

    private static bool LooksLikeClaim(string tail)
    {
        if (tail.Length == 0)
        {
            return false;
        }

        string firstWord = Word().Match(tail).Value;
        return LooksLikeProse(tail)
            || ClaimVerbs.Contains(firstWord)
            || tail.EndsWith('.') && IndexOfTopLevel(tail, ',') < 0 && tail.Split(' ').Length <= 4;
    }

    private static readonly HashSet<string> ClaimVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "hydrates", "helps", "soothes", "smooths", "brightens", "protects", "reduces", "nourishes", "repairs",
        "renews", "exfoliates", "calms", "softens", "boosts", "balances", "firms", "tones", "purifies",
        "sunscreen", "antioxidant", "moisturizes", "moisturises", "improves", "visibly", "restores",
    };

    [GeneratedRegex(@"\(?\s*(?<value>\d{1,3}(?:[.,]\d+)?)\s*%\s*\)?")]
    private static partial Regex Percentage();

    [GeneratedRegex(@"\bC\.?\s?I\.?\s*(?<number>\d{5})\b", RegexOptions.IgnoreCase)]
    private static partial Regex ColourIndex();

    [GeneratedRegex(@"\(\s*[,/;\s]*\s*\)")]
    private static partial Regex EmptyBrackets();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex Word();
}
