using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Skinsight.Catalog.Ingredients;

/// <summary>Text normalisation and the splitting of lines into sentences and tokens.</summary>
public static partial class InciParser
{
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

        // "Alcohol, Denat." and "Sodium, Chloride" carry a stray comma inside one name.
        for (int i = parts.Count - 1; i > 0; i--)
        {
            if (SplitsOneName(parts[i - 1], parts[i]))
            {
                parts[i - 1] = parts[i - 1].TrimEnd() + " " + parts[i].TrimStart();
                parts.RemoveAt(i);
            }
        }

        return parts;
    }

    /// <summary>
    /// True when a separator between <paramref name="before"/> and <paramref name="after"/> splits one name,
    /// because one side is a fragment that never names an ingredient by itself: a trailing qualifier
    /// (<c>Denat.</c>), a trailing class word (<c>Copolymer</c>), or a leading counter-ion or radical
    /// (<c>Sodium</c>, <c>Ethylhexyl</c>).
    /// </summary>
    private static bool SplitsOneName(string before, string after)
    {
        string head = before.Trim().TrimEnd('*');
        string tail = after.Trim();
        if (!head.Any(char.IsLetter) || tail.Length == 0 || !char.IsLetter(tail[0]))
        {
            return false;
        }

        // A head that already carries its qualifier ("Alcohol Denat., Denat. (SD Alcohol 40-B)") is a whole name.
        bool headHasDenat = head.TrimEnd('.').EndsWith("denat", StringComparison.OrdinalIgnoreCase);
        return (DenatQualifier().IsMatch(tail) && !headHasDenat)
            || s_trailingClassWords.Contains(tail.TrimEnd('.', '*'))
            || (s_leadingFragments.Contains(head) && !StartsOwnName(tail));
    }

    /// <summary>
    /// True when <paramref name="tail"/> starts with a counter-ion or a mineral, so it begins a salt or a name of its
    /// own: "Sodium, Potassium, Magnesium" are three items. A radical may follow a radical, because mixed esters
    /// such as Phytosteryl/Octyldodecyl Lauroyl Glutamate chain them.
    /// </summary>
    private static bool StartsOwnName(string tail)
    {
        int end = tail.IndexOfAny([' ', '/', '-', '(']);
        string firstWord = (end < 0 ? tail : tail[..end]).TrimEnd('*', '.');
        return s_counterIons.Contains(firstWord);
    }

    // Cations that start a salt name, and the minerals that lists also name alone.
    private static readonly HashSet<string> s_counterIons = new(StringComparer.OrdinalIgnoreCase)
    {
        "sodium", "disodium", "trisodium", "tetrasodium", "potassium", "dipotassium", "ammonium",
        "calcium", "magnesium", "zinc",
    };

    // Class words that end a polymer or ester name. Each appears in the Sephora catalogs after a stray comma
    // ("Caprylic/Capric, Triglyceride"), and none is an ingredient name by itself.
    private static readonly HashSet<string> s_trailingClassWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "copolymer", "crosspolymer", "triglyceride", "triglycerides",
    };

    // Counter-ions and radicals that start a salt or ester name and are never an ingredient by themselves,
    // chosen from the comma-split names in the Sephora catalogs. Calcium, magnesium and zinc are left out
    // because supplement lists name them alone. A list rather than a rule on "-yl" endings, because trade
    // names such as Matrixyl and Redensyl end in "-yl" and stand alone.
    private static readonly HashSet<string> s_leadingFragments = new(StringComparer.OrdinalIgnoreCase)
    {
        "sodium", "disodium", "trisodium", "tetrasodium", "potassium", "dipotassium", "ammonium",
        "ethylhexyl", "diethylhexyl", "butyl", "butyloctyl", "butylphenyl", "benzyl", "retinyl", "ascorbyl",
        "tocopheryl", "glyceryl", "cetyl", "cetearyl", "stearyl", "isostearyl", "lauryl", "myristyl", "behenyl",
        "arachidyl", "isopropyl", "isononyl", "caprylyl", "octyldodecyl", "hydroxypropyl", "hydroxyethyl",
        "hydroxyisohexyl", "pentaerythrityl", "tetrahexyldecyl", "phytosteryl", "stearamidopropyl",
        "cocamidopropyl", "aminomethyl", "diazolidinyl", "imidazolidinyl",
    };

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

    [GeneratedRegex(@"^\s*\d+(,\s*\d+)*\s*-?\s*[A-Za-z]")]
    private static partial Regex LocantTail();

    [GeneratedRegex(@"^\s*\d+\s*$")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"^denat\b\.?\s*(\(.*\))?\s*\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex DenatQualifier();
}
