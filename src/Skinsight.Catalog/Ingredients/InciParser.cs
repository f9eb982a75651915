using System.Buffers;
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
    /// <summary>Parses <paramref name="raw"/>; never throws, and returns an empty list for empty or non-list text.</summary>
    public static ParsedIngredientList Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ParsedIngredientList.Empty;
        }

        var builder = new ListBuilder();
        foreach (string item in JoinBrokenItems(PythonListLiteral.ParseOrSingle(raw)))
        {
            foreach (string line in Normalise(item).Split('\n'))
            {
                ReadLine(line.Trim(), builder);
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// Rejoins list items that a scraper split in the middle of a name, such as <c>'..., Citric', 'Acid, ...'</c>
    /// or <c>'Vitis Vinif-', 'era ...'</c>. The boundary stays when the earlier item is no list or ends in
    /// punctuation, or when the next item is a heading.
    /// </summary>
    private static List<string> JoinBrokenItems(List<string> items)
    {
        List<string> joined = [];
        foreach (string item in items)
        {
            string previous = joined.Count > 0 ? joined[^1].TrimEnd() : "";
            string next = item.Trim();
            // Only items that are comma-separated lists are rejoined. In one-name-per-item lists a missing comma at
            // the end is normal, also after a name such as "1,2-hexanediol" that contains a comma.
            bool broken = previous.Contains(", ", StringComparison.Ordinal) && next.Length > 0
                && (char.IsLetterOrDigit(previous[^1]) || previous[^1] == '-')
                && !next.EndsWith(':')
                && !(MayContainHint(next) && MayContainMarker().IsMatch(next));
            if (!broken)
            {
                joined.Add(item);
            }
            else if (previous[^1] == '-' && previous.Length > 1 && char.IsLetter(previous[^2]))
            {
                joined[^1] = previous[..^1] + next;
            }
            else
            {
                joined[^1] = previous + " " + next;
            }
        }

        return joined;
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
        if (bullet && TryReadActiveListing(line, builder))
        {
            return;
        }

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

    /// <summary>
    /// Reads a bullet that lists actives with their strengths, such as
    /// <c>-Octinoxate 7.50%, Octisalate 4.00%: Sunscreen.</c>, which some sources print in place of the full list.
    /// Returns false for other bullets, such as <c>-Hyaluronic Acid: Hydrates skin.</c>, which only praise an ingredient.
    /// </summary>
    private static bool TryReadActiveListing(string line, ListBuilder builder)
    {
        int colon = IndexOfTopLevel(line, ':');
        string head = (colon >= 0 ? line[..colon] : line).TrimStart('-', ' ');
        if (!head.Contains('%') || !Percentage().IsMatch(head))
        {
            return false;
        }

        foreach (string part in SplitTopLevel(head).SelectMany(p => AndSeparator().Split(p)))
        {
            IngredientToken? cleaned = Clean(part.Trim());
            if (cleaned is null)
            {
                builder.Discard(part);
            }
            else
            {
                builder.Add(cleaned);
            }
        }

        if (colon >= 0)
        {
            builder.Discard(line[(colon + 1)..]);
        }

        return true;
    }

    private static void ReadToken(string token, bool inBullet, ListBuilder builder)
    {
        string text = token.Trim();
        if (text.Length == 0 || TryReadMayContain(text, inBullet, builder))
        {
            return;
        }

        text = StripIngredientsLabel(text, inBullet, builder);
        if (text.Contains('%') && BarePercentage().IsMatch(text))
        {
            builder.AttachPercent(text);
            return;
        }

        int colon = IndexOfTopLevel(text, ':');
        if (colon >= 0)
        {
            string head = text[..colon].Trim();
            string tail = text[(colon + 1)..].Trim();
            if (inBullet || head.StartsWith('-') || LooksLikeClaim(tail))
            {
                // "-Hyaluronic Acid: Hydrates skin." names a key ingredient and then praises it.
                builder.Discard(text);
                return;
            }

            builder.StartSection(head);
            text = tail;
        }

        bool bullet = inBullet || text.StartsWith('-') && text.Length > 1 && char.IsLetter(text[1]);
        IngredientToken? cleaned = bullet ? null : Clean(text);
        if (cleaned is null)
        {
            builder.Discard(text);
        }
        else
        {
            builder.Add(cleaned);
        }
    }

    /// <summary>
    /// Starts a may-contain section when the token contains a marker such as <c>May Contain (+/-):</c> or
    /// <c>[+/-</c>, reading the names before and after it; returns false when there is no marker.
    /// </summary>
    private static bool TryReadMayContain(string text, bool inBullet, ListBuilder builder)
    {
        Match marker = MayContainHint(text) ? MayContainMarker().Match(text) : Match.Empty;
        if (!marker.Success)
        {
            return false;
        }

        string before = text[..marker.Index];
        if (before.Trim(' ', '[', '(').Length > 0)
        {
            ReadToken(before, inBullet, builder);
        }

        builder.StartMayContain();
        string rest = text[(marker.Index + marker.Length)..].Trim().TrimStart(':', ')', ']', ' ');
        if (rest.EndsWith(']') && !rest.Contains('['))
        {
            rest = rest[..^1];
        }

        foreach (string part in SplitTopLevel(rest))
        {
            ReadToken(part, inBullet, builder);
        }

        return true;
    }

    /// <summary>Removes a leading <c>Ingredients:</c> label and returns the rest of the token.</summary>
    private static string StripIngredientsLabel(string text, bool inBullet, ListBuilder builder)
    {
        Match label = text.Contains("ngredient", StringComparison.OrdinalIgnoreCase)
            ? IngredientsLabel().Match(text)
            : Match.Empty;
        if (!label.Success)
        {
            return text;
        }

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

        return text[(label.Index + label.Length)..];
    }

    /// <summary>Cheap test that lets most tokens skip the may-contain regex.</summary>
    private static bool MayContainHint(string text) => text.AsSpan().IndexOfAny(s_mayContainHints) >= 0;

    private static readonly SearchValues<string> s_mayContainHints =
        SearchValues.Create(["+", "contain", "contenir", "enthalten"], StringComparison.OrdinalIgnoreCase);

    private static bool IsHeading(string line)
    {
        if (!line.EndsWith(':') || line.Length > 120 || IndexOfTopLevel(line, ',') >= 0)
        {
            return false;
        }

        return !(MayContainHint(line) && MayContainMarker().IsMatch(line)) && !line.StartsWith('-');
    }

    [GeneratedRegex(@"(\[\s*)?(\+\s*/\s*-|\(\+/-\)|\bmay\s+contain\b|\bpeut\s+contenir\b|\bkann\s+enthalten\b)(\s*/\s*peut\s+contenir)?(\s*\(\+\s*/\s*-\))?", RegexOptions.IgnoreCase)]
    private static partial Regex MayContainMarker();

    [GeneratedRegex(@"^(?<before>.*?)(other\s+|inactive\s+|active\s+|full\s+)?ingredients\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex IngredientsLabel();

    [GeneratedRegex(@"^\(?\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)?\.?$")]
    private static partial Regex BarePercentage();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();
}
