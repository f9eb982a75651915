using System.Collections.Concurrent;
using Skinsight.Catalog.Import;

namespace Skinsight.Catalog.Ingredients;

/// <summary>One ingredient of the EU CosIng inventory.</summary>
/// <param name="InciName">INCI name as CosIng spells it, upper case, e.g. <c>SODIUM HYALURONATE</c>.</param>
/// <param name="Functions">CosIng functions, e.g. <c>Humectant</c>, <c>Skin Conditioning</c>.</param>
public sealed record CosingEntry(string InciName, string CasNumber, string EcNumber, IReadOnlyList<string> Functions);

/// <summary>How a label name was matched to a CosIng entry, from most to least certain.</summary>
public enum InciMatchKind
{
    /// <summary>Same name, ignoring case.</summary>
    Exact,

    /// <summary>Same name once punctuation, spacing and accents are folded, e.g. <c>Peg 100 Stearate</c>.</summary>
    Normalised,

    /// <summary>A known other name (<c>Vitamin E</c>, <c>Shea Butter</c>) or a variant the label adds, such as a
    /// common name in parentheses or alternatives joined by <c>/</c>.</summary>
    Synonym,

    /// <summary>The closest CosIng name by edit distance; see <see cref="InciResolution.Confidence"/>.</summary>
    Fuzzy,

    /// <summary>No CosIng name was close enough.</summary>
    None,
}

/// <summary>The CosIng entry a label name resolved to, how, and how sure the match is (0-1).</summary>
public sealed record InciResolution(string Name, CosingEntry? Entry, InciMatchKind Kind, double Confidence)
{
    public bool Resolved => Entry is not null;
}

/// <summary>
/// The EU CosIng ingredient inventory, loaded from a CSV with columns <c>inci_name</c>, <c>cas_number</c>,
/// <c>einecs_number</c> and <c>function</c>, for resolving label names to INCI names.
/// </summary>
/// <remarks>Thread-safe after loading; resolutions are cached per distinct name.</remarks>
public sealed class CosingInventory
{
    /// <summary>Lowest similarity (1 minus edit distance over length) accepted for a fuzzy match.</summary>
    public const double MinFuzzyConfidence = 0.85;

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["vitamin e"] = "TOCOPHEROL",
        ["vitamin e acetate"] = "TOCOPHERYL ACETATE",
        ["tocopherol acetate"] = "TOCOPHERYL ACETATE",
        ["vitamin c"] = "ASCORBIC ACID",
        ["ethyl ascorbic acid"] = "3-O-ETHYL ASCORBIC ACID",
        ["vitamin a"] = "RETINOL",
        ["vitamin b3"] = "NIACINAMIDE",
        ["vitamin b5"] = "PANTHENOL",
        ["provitamin b5"] = "PANTHENOL",
        ["shea butter"] = "BUTYROSPERMUM PARKII BUTTER",
        ["mineral oil"] = "PARAFFINUM LIQUIDUM",
        ["fragrance"] = "PARFUM",
        ["perfume"] = "PARFUM",
        ["aroma"] = "PARFUM",
        ["flavor"] = "AROMA",
        ["iron oxides"] = "CI 77491",
        ["iron oxide"] = "CI 77491",
        ["ultramarines"] = "CI 77007",
        ["chromium oxide greens"] = "CI 77288",
        ["carmine"] = "CI 75470",
        ["red 33"] = "CI 17200",
        ["red 4"] = "CI 14700",
        ["red 40"] = "CI 16035",
        ["yellow 5"] = "CI 19140",
        ["yellow 6"] = "CI 15985",
        ["blue 1"] = "CI 42090",
        ["green 3"] = "CI 42053",
        ["green 5"] = "CI 61570",
        ["violet 2"] = "CI 60725",
        ["aloe vera"] = "ALOE BARBADENSIS LEAF JUICE",
        ["jojoba oil"] = "SIMMONDSIA CHINENSIS SEED OIL",
        ["witch hazel"] = "HAMAMELIS VIRGINIANA WATER",
        ["sea salt"] = "MARIS SAL",
        ["salt"] = "SODIUM CHLORIDE",
        ["honey"] = "MEL",
        ["sd alcohol 40"] = "ALCOHOL DENAT.",
        ["sd alcohol 40 b"] = "ALCOHOL DENAT.",
        ["sd alcohol 39 c"] = "ALCOHOL DENAT.",
        ["alcohol denat"] = "ALCOHOL DENAT.",
        ["ethyl alcohol"] = "ALCOHOL",
        ["ethanol"] = "ALCOHOL",
        ["octinoxate"] = "ETHYLHEXYL METHOXYCINNAMATE",
        ["octisalate"] = "ETHYLHEXYL SALICYLATE",
        ["avobenzone"] = "BUTYL METHOXYDIBENZOYLMETHANE",
        ["oxybenzone"] = "BENZOPHENONE-3",
        ["ensulizole"] = "PHENYLBENZIMIDAZOLE SULFONIC ACID",
        ["bemotrizinol"] = "BIS-ETHYLHEXYLOXYPHENOL METHOXYPHENYL TRIAZINE",
        ["d limonene"] = "LIMONENE",
        ["hyaluronic acid"] = "HYALURONIC ACID",
        ["collagen"] = "SOLUBLE COLLAGEN",
        ["ceramide 3"] = "CERAMIDE NP",
        ["ceramide 6 ii"] = "CERAMIDE AP",
        ["ceramide 1"] = "CERAMIDE EOP",
        ["dimethicon"] = "DIMETHICONE",
    };

    private readonly Dictionary<string, CosingEntry> _byUpper = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CosingEntry> _byKey = new(StringComparer.Ordinal);
    private readonly List<(string Key, CosingEntry Entry, int Trigrams)> _keys = [];
    private readonly Dictionary<string, List<int>> _trigrams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InciResolution> _cache = new(StringComparer.Ordinal);

    // Trigram hit counts per CosIng name, reused by each thread and reset after every fuzzy search.
    [ThreadStatic]
    private static int[]? s_sharedCounts;

    private CosingInventory(IEnumerable<CosingEntry> entries)
    {
        foreach (CosingEntry entry in entries)
        {
            _byUpper.TryAdd(entry.InciName, entry);
            string key = InciNames.Key(entry.InciName);
            if (_byKey.TryAdd(key, entry))
            {
                int index = _keys.Count;
                string[] trigrams = [.. Trigrams(key).Distinct()];
                _keys.Add((key, entry, trigrams.Length));
                foreach (string trigram in trigrams)
                {
                    if (!_trigrams.TryGetValue(trigram, out List<int>? list))
                    {
                        _trigrams[trigram] = list = [];
                    }

                    list.Add(index);
                }
            }
        }
    }

    /// <summary>Number of distinct INCI names loaded.</summary>
    public int Count => _byUpper.Count;

    /// <summary>Loads the inventory CSV.</summary>
    /// <exception cref="CatalogFormatException">The file is missing, unreadable or lacks the inci_name column.</exception>
    public static CosingInventory Load(string path)
    {
        using CsvTable table = CsvTable.Open(path);
        int name = table.RequireColumns("cosing", "inci_name")[0];
        int cas = table.IndexOf("cas_number");
        int ec = table.IndexOf("einecs_number");
        int function = table.IndexOf("function");
        List<CosingEntry> entries = [];
        foreach (CsvRow row in table.Rows())
        {
            string[] v = row.Values;
            if (v.Length <= name || string.IsNullOrWhiteSpace(v[name]))
            {
                continue;
            }

            entries.Add(new CosingEntry(
                v[name].Trim().ToUpperInvariant(),
                At(v, cas),
                At(v, ec),
                [.. At(v, function).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]));
        }

        return new CosingInventory(entries);
    }

    /// <summary>Returns the entry with exactly this INCI name (case ignored), or null.</summary>
    public CosingEntry? Find(string inciName)
    {
        ArgumentNullException.ThrowIfNull(inciName);
        return _byUpper.GetValueOrDefault(inciName.Trim().ToUpperInvariant());
    }

    /// <summary>Resolves a label name by exact name, folded spelling, known synonyms and variants, then edit distance.</summary>
    public InciResolution Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _cache.GetOrAdd(name, ResolveUncached);
    }

    private InciResolution ResolveUncached(string name)
    {
        if (KoreanInciNames.ContainsHangul(name))
        {
            return ResolveKorean(name);
        }

        if (_byUpper.TryGetValue(name.Trim().ToUpperInvariant(), out CosingEntry? exact))
        {
            return new InciResolution(name, exact, InciMatchKind.Exact, 1);
        }

        string key = InciNames.Key(name);
        if (_byKey.TryGetValue(key, out CosingEntry? folded))
        {
            return new InciResolution(name, folded, InciMatchKind.Normalised, 1);
        }

        CosingEntry? variant = Variants(name, key).Select(LookUp).FirstOrDefault(e => e is not null);
        if (variant is not null)
        {
            return new InciResolution(name, variant, InciMatchKind.Synonym, 0.95);
        }

        // A common name in parentheses is not a misspelling of the INCI name, so it is left out of the distance.
        return Fuzzy(name, InciNames.Key(RemoveParenthesised(name)));
    }

    /// <summary>
    /// Resolves a Korean label name through the Korean INCI table. A translation that matches CosIng by name,
    /// folded spelling or variant counts as a synonym. A fuzzy match keeps its own kind and confidence.
    /// </summary>
    private InciResolution ResolveKorean(string name)
    {
        string? inci = KoreanInciNames.Default.Translate(name);
        if (inci is null)
        {
            return new InciResolution(name, null, InciMatchKind.None, 0);
        }

        InciResolution translated = Resolve(inci);
        return translated.Kind switch
        {
            InciMatchKind.Exact or InciMatchKind.Normalised or InciMatchKind.Synonym =>
                new InciResolution(name, translated.Entry, InciMatchKind.Synonym, 0.95),
            _ => translated with { Name = name },
        };
    }

    private CosingEntry? LookUp(string key)
    {
        if (_byKey.TryGetValue(key, out CosingEntry? entry))
        {
            return entry;
        }

        return Synonyms.TryGetValue(key, out string? inci) ? _byUpper.GetValueOrDefault(inci) : null;
    }

    /// <summary>Returns keys of forms a label commonly adds to an INCI name, most specific first.</summary>
    private static IEnumerable<string> Variants(string name, string key)
    {
        yield return key;
        yield return InciNames.Key(key.Replace("sulphate", "sulfate", StringComparison.Ordinal)
            .Replace("aluminium", "aluminum", StringComparison.Ordinal));

        // "Butyrospermum Parkii (Shea) Butter" is "BUTYROSPERMUM PARKII BUTTER" in CosIng.
        string withoutParentheses = RemoveParenthesised(name);
        if (withoutParentheses != name)
        {
            yield return InciNames.Key(withoutParentheses);
            foreach (string inside in Parenthesised(name))
            {
                yield return InciNames.Key(inside);
            }
        }

        // "Cera Alba/Beeswax/Cire d'abeille" lists one ingredient in several languages. In a ferment or a polymer
        // the slash joins the organisms, substrates or monomers of one ingredient, so no part stands for the whole.
        if (name.Contains('/') && !JoinsComponents(key))
        {
            foreach (string part in withoutParentheses.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return InciNames.Key(part);
            }
        }
    }

    private static bool JoinsComponents(string key) =>
        key.Split(' ').Any(w => w is "ferment" or "filtrate" or "lysate" or "copolymer" or "crosspolymer");

    private InciResolution Fuzzy(string name, string key)
    {
        if (key.Length < 6)
        {
            return new InciResolution(name, null, InciMatchKind.None, 0);
        }

        // Candidates share trigrams with the name; only the best few get the exact edit distance. A name whose
        // length differs by more than the allowed share of edits can never reach the threshold, so it is skipped.
        if (s_sharedCounts is null || s_sharedCounts.Length < _keys.Count)
        {
            s_sharedCounts = new int[_keys.Count];
        }

        int[] shared = s_sharedCounts;
        List<int> touched = [];
        string[] trigrams = [.. Trigrams(key).Distinct()];
        int maxLengthGap = (int)(key.Length * (1 - MinFuzzyConfidence) / MinFuzzyConfidence) + 1;
        foreach (string trigram in trigrams)
        {
            if (!_trigrams.TryGetValue(trigram, out List<int>? list))
            {
                continue;
            }

            foreach (int index in list)
            {
                if (Math.Abs(_keys[index].Key.Length - key.Length) > maxLengthGap)
                {
                    continue;
                }

                if (shared[index]++ == 0)
                {
                    touched.Add(index);
                }
            }
        }

        // Rank by Jaccard similarity of trigram sets, so short names are not crowded out by long ones.
        int[] candidates = [.. touched
            .OrderByDescending(i => (double)shared[i] / (trigrams.Length + _keys[i].Trigrams - shared[i]))
            .Take(20)];
        foreach (int index in touched)
        {
            shared[index] = 0;
        }

        CosingEntry? best = null;
        double bestConfidence = 0;
        foreach (int index in candidates)
        {
            string candidate = _keys[index].Key;
            int distance = Levenshtein(key, candidate);
            double confidence = 1 - (double)distance / Math.Max(key.Length, candidate.Length);
            if (confidence > bestConfidence)
            {
                bestConfidence = confidence;
                best = _keys[index].Entry;
            }
        }

        return bestConfidence >= MinFuzzyConfidence
            ? new InciResolution(name, best, InciMatchKind.Fuzzy, Math.Round(bestConfidence, 3))
            : new InciResolution(name, null, InciMatchKind.None, 0);
    }

    private static string At(string[] values, int index) => index >= 0 && index < values.Length ? values[index].Trim() : "";

    private static IEnumerable<string> Trigrams(string key)
    {
        string padded = $" {key} ";
        for (int i = 0; i + 3 <= padded.Length; i++)
        {
            yield return padded.Substring(i, 3);
        }
    }

    private static string RemoveParenthesised(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length);
        int depth = 0;
        foreach (char c in name)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static IEnumerable<string> Parenthesised(string name)
    {
        int open = name.IndexOf('(');
        while (open >= 0)
        {
            int close = name.IndexOf(')', open + 1);
            if (close < 0)
            {
                yield break;
            }

            yield return name[(open + 1)..close];
            open = name.IndexOf('(', close + 1);
        }
    }

    /// <summary>Returns the Levenshtein distance between two strings (insertions, deletions, substitutions).</summary>
    internal static int Levenshtein(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
