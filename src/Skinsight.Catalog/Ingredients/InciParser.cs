using System.Buffers;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Skinsight.Catalog.Import;

namespace Skinsight.Catalog.Ingredients;

/// <summary>
/// Splits a real-world ingredient list (INCI, as printed on labels and scraped by retailers) into clean names.
/// </summary>
/// <remarks>
/// Handles commas inside parentheses, Python-list literals, sub-product headings of kits (<c>Drying Lotion:</c>),
/// may-contain and <c>+/-</c> lists, Colour Index numbers, printed percentages, footnote marks and their legends,
/// key-ingredient bullets and marketing sentences, disclaimers, unicode dashes and quotes, and stray HTML.
/// </remarks>
public static partial class InciParser
{
    private const int MaxNameLength = 300;

    /// <summary>Parses <paramref name="raw"/>; never throws, and returns an empty list for empty or non-list text.</summary>
    public static ParsedIngredientList Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ParsedIngredientList.Empty;
        }

        var builder = new ListBuilder();
        foreach (string item in PythonListLiteral.ParseOrSingle(raw))
        {
            foreach (string line in Normalise(item).Split('\n'))
            {
                ReadLine(line.Trim(), builder);
            }
        }

        return builder.Build();
    }

    /// <summary>Replaces unicode punctuation, HTML and odd spacing with plain ASCII equivalents.</summary>
    internal static string Normalise(string text)
    {
        string decoded = text.Contains('&') ? WebUtility.HtmlDecode(text) : text;
        decoded = HtmlTag().Replace(decoded, "\n");
        var sb = new StringBuilder(decoded.Length);
        foreach (char c in decoded)
        {
            switch (c)
            {
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212':
                    sb.Append('-');
                    break;
                case '\u2018' or '\u2019' or '\u00B4' or '`':
                    sb.Append('\'');
                    break;
                case '\u201C' or '\u201D':
                    sb.Append('"');
                    break;
                case '\u2122' or '\u00AE' or '\u00A9':
                    break;
                case >= '\uFB00' and <= '\uFB06':
                    // Typographic ligatures copied from PDF labels, e.g. "Pinnati\uFB01da".
                    sb.Append(c.ToString().Normalize(NormalizationForm.FormKC));
                    break;
                case '\\':
                    sb.Append('/');
                    break;
                case '\r':
                    sb.Append('\n');
                    break;
                case '\u2022' or '\u00B7' when sb.Length > 0 && char.IsDigit(sb[^1]):
                    // "C14•16 Olefin Sulfonate" uses the bullet as a range dash.
                    sb.Append('-');
                    break;
                case '\u2022' or '\u00B7' or '|':
                    sb.Append(',');
                    break;
                default:
                    sb.Append(char.IsWhiteSpace(c) && c != '\n' ? ' ' : c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void ReadLine(string line, ListBuilder builder)
    {
        if (line.Length == 0)
        {
            return;
        }

        if (IsHeading(line))
        {
            builder.StartSection(line.TrimEnd(':', ' '));
            return;
        }

        bool bullet = line.Length > 1 && line[0] == '-' && !char.IsDigit(line[1]);
        foreach (string sentence in SplitSentences(line))
        {
            if (LooksLikeProse(sentence))
            {
                builder.Discard(sentence);
                continue;
            }

            foreach (string token in SplitTopLevel(sentence))
            {
                ReadToken(token, bullet, builder);
            }
        }
    }

    private static void ReadToken(string token, bool inBullet, ListBuilder builder)
    {
        string text = token.Trim();
        if (text.Length == 0)
        {
            return;
        }

        Match mayContain = MayContainMarker().Match(MayContainHint(text) ? text : "");
        if (mayContain.Success)
        {
            string before = text[..mayContain.Index];
            if (before.Trim(' ', '[', '(').Length > 0)
            {
                ReadToken(before, inBullet, builder);
            }

            builder.StartMayContain();
            string rest = text[(mayContain.Index + mayContain.Length)..].Trim().TrimStart(':', ')', ']', ' ');
            if (rest.EndsWith(']') && rest.IndexOf('[') < 0)
            {
                rest = rest[..^1];
            }

            foreach (string part in SplitTopLevel(rest))
            {
                ReadToken(part, inBullet, builder);
            }

            return;
        }

        Match label = IngredientsLabel().Match(text.Contains("ngredient", StringComparison.OrdinalIgnoreCase) ? text : "");
        if (label.Success)
        {
            // "Octocrylene 2.70%Ingredients: Water" ends an active-ingredient list and starts the full one.
            string before = label.Groups["before"].Value;
            if (Percentage().IsMatch(before))
            {
                ReadToken(before, inBullet, builder);
            }
            else
            {
                builder.Discard(text[..(label.Index + label.Length)]);
            }

            text = text[(label.Index + label.Length)..];
        }

        Match barePercent = BarePercentage().Match(text.Contains('%') ? text : "");
        if (barePercent.Success)
        {
            builder.AttachPercent(text);
            return;
        }

        int colon = IndexOfTopLevel(text, ':');
        if (colon >= 0)
        {
            string head = text[..colon].Trim();
            string tail = text[(colon + 1)..].Trim();
            bool claim = inBullet || head.StartsWith('-') || LooksLikeClaim(tail);
            if (claim)
            {
                // "-Hyaluronic Acid: Hydrates skin." names a key ingredient and then praises it.
                builder.Discard(text);
                return;
            }

            builder.StartSection(head);
            text = tail;
        }

        if (inBullet || text.StartsWith('-') && text.Length > 1 && char.IsLetter(text[1]))
        {
            builder.Discard(text);
            return;
        }

        IngredientToken? cleaned = Clean(text);
        if (cleaned is null)
        {
            builder.Discard(text);
        }
        else
        {
            builder.Add(cleaned);
        }
    }

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

    /// <summary>Cheap test that lets most tokens skip the may-contain regex.</summary>
    private static bool MayContainHint(string text) => text.AsSpan().IndexOfAny(s_mayContainHints) >= 0;

    private static readonly SearchValues<string> s_mayContainHints =
        SearchValues.Create(["+", "contain", "contenir", "enthalten"], StringComparison.OrdinalIgnoreCase);

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

    private static bool IsHeading(string line)
    {
        if (!line.EndsWith(':') || line.Length > 120 || IndexOfTopLevel(line, ',') >= 0)
        {
            return false;
        }

        return !(MayContainHint(line) && MayContainMarker().IsMatch(line)) && !line.StartsWith('-');
    }

    /// <summary>Splits at ". " followed by a capital, a footnote mark or "[", but not after an abbreviation.</summary>
    private static IEnumerable<string> SplitSentences(string line)
    {
        int start = 0;
        int depth = 0;
        for (int i = 0; i < line.Length - 2; i++)
        {
            char c = line[i];
            depth += Nesting(c);
            if (c != '.' || depth > 0 || line[i + 1] != ' ')
            {
                continue;
            }

            char next = line[i + 2];
            bool boundary = char.IsUpper(next) || next is '*' or '[' or '+' or '\u2020';
            if (boundary && !EndsWithAbbreviation(line, start, i))
            {
                yield return line[start..(i + 1)];
                start = i + 2;
            }
        }

        yield return line[start..];
    }

    private static bool EndsWithAbbreviation(string line, int start, int dot)
    {
        int wordStart = line.LastIndexOfAny([' ', '(', ','], dot - 1, dot - start) + 1;
        string word = line[wordStart..dot];
        return word.Length <= 1 || Abbreviations.Contains(word);
    }

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "denat", "no", "var", "ssp", "subsp", "st", "vit", "hcl", "cv", "sp", "spp", "ext", "aq", "vs", "ca", "co",
    };

    /// <summary>Splits at commas and semicolons that are not inside parentheses or brackets.</summary>
    internal static List<string> SplitTopLevel(string text)
    {
        List<string> parts = [];
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c is ',' or ';' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        if (depth > 0)
        {
            // An unclosed "(" would swallow the rest of the list, so split at every separator instead.
            parts = [.. text.Split([',', ';'])];
        }

        // "1,2-Hexanediol" and "1,2,6-Hexanetriol" carry commas that are part of the name.
        for (int i = parts.Count - 1; i > 0; i--)
        {
            if (LocantTail().IsMatch(parts[i]) && BareNumber().IsMatch(parts[i - 1]))
            {
                parts[i - 1] = parts[i - 1].TrimEnd() + "," + parts[i].TrimStart();
                parts.RemoveAt(i);
            }
        }

        return parts;
    }

    /// <summary>Returns +1 for an opening bracket, -1 for a closing one and 0 for any other character.</summary>
    private static int Nesting(char c) => c switch
    {
        '(' or '[' => 1,
        ')' or ']' => -1,
        _ => 0,
    };

    private static int IndexOfTopLevel(string text, char target)
    {
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            depth += Nesting(c);
            if (c == target && depth <= 0)
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"<[^<>]{0,200}>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"(\[\s*)?(\+\s*/\s*-|\(\+/-\)|\bmay\s+contain\b|\bpeut\s+contenir\b|\bkann\s+enthalten\b)(\s*/\s*peut\s+contenir)?(\s*\(\+\s*/\s*-\))?", RegexOptions.IgnoreCase)]
    private static partial Regex MayContainMarker();

    [GeneratedRegex(@"^(?<before>.*?)(other\s+|inactive\s+|active\s+|full\s+)?ingredients\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex IngredientsLabel();

    [GeneratedRegex(@"\(?\s*(?<value>\d{1,3}(?:[.,]\d+)?)\s*%\s*\)?")]
    private static partial Regex Percentage();

    [GeneratedRegex(@"\bC\.?\s?I\.?\s*(?<number>\d{5})\b", RegexOptions.IgnoreCase)]
    private static partial Regex ColourIndex();

    [GeneratedRegex(@"^\(?\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)?\.?$")]
    private static partial Regex BarePercentage();

    [GeneratedRegex(@"\(\s*[,/;\s]*\s*\)")]
    private static partial Regex EmptyBrackets();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^\s*\d+(,\s*\d+)*\s*-?\s*[A-Za-z]")]
    private static partial Regex LocantTail();

    [GeneratedRegex(@"^\s*\d+\s*$")]
    private static partial Regex BareNumber();

    /// <summary>Collects tokens into sections while the lines are read.</summary>
    private sealed class ListBuilder
    {
        private readonly List<IngredientSection> _sections = [];
        private readonly List<string> _discarded = [];
        private List<IngredientToken> _tokens = [];
        private string? _title;
        private bool _mayContain;

        public void StartSection(string title)
        {
            Flush();
            _title = title;
            _mayContain = false;
        }

        public void StartMayContain()
        {
            Flush();
            _mayContain = true;
        }

        public void Add(IngredientToken token) => _tokens.Add(token);

        /// <summary>Gives a percentage printed as its own list item ("Niacinamide, 5%") to the item before it.</summary>
        public void AttachPercent(string text)
        {
            IngredientToken? last = _tokens.Count > 0 ? _tokens[^1] : null;
            IngredientToken? withPercent = last is null ? null : Clean(last.Raw + " " + text);
            if (last is null || withPercent is null || last.Percent is not null)
            {
                Discard(text);
                return;
            }

            _tokens[^1] = withPercent with { Raw = last.Raw + ", " + text.Trim() };
        }

        public void Discard(string text)
        {
            string trimmed = text.Trim();
            if (trimmed.Any(char.IsLetterOrDigit))
            {
                _discarded.Add(trimmed);
            }
        }

        public ParsedIngredientList Build()
        {
            Flush();
            return new ParsedIngredientList(_sections, _discarded);
        }

        private void Flush()
        {
            if (_tokens.Count > 0)
            {
                _sections.Add(new IngredientSection(_title, _mayContain, _tokens));
                _tokens = [];
            }
        }
    }
}
