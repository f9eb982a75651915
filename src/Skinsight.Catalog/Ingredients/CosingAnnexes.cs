using Skinsight.Catalog.Import;

namespace Skinsight.Catalog.Ingredients;

/// <summary>One entry of Annex II (prohibited) or Annex III (restricted) of Regulation (EC) No 1223/2009.</summary>
/// <param name="Annex"><c>II</c> or <c>III</c>.</param>
/// <param name="Reference">Entry number in the annex, e.g. <c>98</c>.</param>
/// <param name="Substance">Chemical name or INN as the annex gives it.</param>
/// <param name="IngredientNames">INCI names the annex identifies with the entry, upper case.</param>
/// <param name="MaxConcentration">Annex III limit text, e.g. <c>(a) 3.0% (b) 2.0%</c>; empty for Annex II.</param>
/// <param name="ProductTypes">Annex III product types the limits apply to; empty for Annex II.</param>
/// <param name="Conditions">Annex III other limits, conditions of use and label warnings, one text.</param>
/// <param name="Cmr">CMR classification, e.g. <c>CMR1b (Reprotoxic 1B)</c>; empty when none.</param>
public sealed record AnnexEntry(
    string Annex,
    string Reference,
    string Substance,
    IReadOnlyList<string> IngredientNames,
    string MaxConcentration,
    string ProductTypes,
    string Conditions,
    string Cmr)
{
    public bool Prohibited => Annex == "II";

    /// <summary>
    /// True when the entry covers only some forms or grades of the substance, such as nano forms or petrolatum
    /// whose refining history is unknown, so a name match alone does not make a product non-compliant.
    /// </summary>
    public bool Conditional =>
        Substance.Contains("except", StringComparison.OrdinalIgnoreCase)
        || Substance.Contains("(nano)", StringComparison.OrdinalIgnoreCase)
        || IngredientNames.Any(n => n.Contains("(NANO)", StringComparison.Ordinal));

    /// <summary>True for an Annex III fragrance allergen that must be named on the label above 0.001% (leave-on).</summary>
    public bool LabelledFragranceAllergen =>
        Annex == "III"
        && (Conditions.Contains("0,001", StringComparison.Ordinal) || Conditions.Contains("0.001", StringComparison.Ordinal));

    /// <summary>
    /// True when a product that names this entry's ingredient is banned in the EU: an Annex II entry that is not
    /// <see cref="Conditional"/>.
    /// </summary>
    public bool ProhibitsProduct => Prohibited && !Conditional;
}

/// <summary>An ingredient of a product's list together with the annex entry that names it.</summary>
/// <param name="Ingredient">The ingredient name as the product lists it.</param>
public sealed record AnnexMatch(string Ingredient, AnnexEntry Entry)
{
    private const int MaxCitedSubstanceLength = 100;

    /// <summary>
    /// A one-line citation, e.g. <c>Hydroquinone (EU Annex II, entry 1339)</c>. A substance name over several lines,
    /// such as the borates entry with its 12 listed salts, is joined into one line and cut at 100 characters.
    /// </summary>
    public string Citation => $"{OneLine(Entry.Substance)} (EU Annex {Entry.Annex}, entry {Entry.Reference})";

    private static string OneLine(string text)
    {
        string joined = string.Join(' ', text.Split((char[])['\r', '\n', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return joined.Length <= MaxCitedSubstanceLength ? joined : joined[..(MaxCitedSubstanceLength - 3)] + "...";
    }
}

/// <summary>
/// The CosIng exports of Annex II and Annex III, indexed by ingredient name, for flagging prohibited and
/// restricted ingredients in a product.
/// </summary>
public sealed class CosingAnnexes
{
    public const string AnnexIIFile = "COSING_Annex_II_v2.csv";
    public const string AnnexIIIFile = "COSING_Annex_III_v2.csv";

    private readonly Dictionary<string, List<AnnexEntry>> _byName = new(StringComparer.Ordinal);

    private CosingAnnexes(IReadOnlyList<AnnexEntry> entries)
    {
        Entries = entries;
        foreach (AnnexEntry entry in entries)
        {
            foreach (string name in entry.IngredientNames)
            {
                string key = InciNames.Key(name);
                if (!_byName.TryGetValue(key, out List<AnnexEntry>? list))
                {
                    _byName[key] = list = [];
                }

                if (!list.Contains(entry))
                {
                    list.Add(entry);
                }
            }
        }
    }

    public IReadOnlyList<AnnexEntry> Entries { get; }

    /// <summary>
    /// Loads both annexes from <paramref name="folder"/>, or returns null when the folder is null or lacks either
    /// file, so that callers without the annex data get no flags rather than an error.
    /// </summary>
    /// <exception cref="CatalogFormatException">A file exists but is unreadable or lacks an expected column.</exception>
    public static CosingAnnexes? TryLoadFolder(string? folder) =>
        folder is not null && File.Exists(Path.Combine(folder, AnnexIIFile)) && File.Exists(Path.Combine(folder, AnnexIIIFile))
            ? LoadFolder(folder)
            : null;

    /// <summary>Loads both annexes from a folder that contains <see cref="AnnexIIFile"/> and <see cref="AnnexIIIFile"/>.</summary>
    /// <exception cref="CatalogFormatException">A file is missing, unreadable or lacks an expected column.</exception>
    public static CosingAnnexes LoadFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        List<AnnexEntry> entries = [.. ReadAnnex(Path.Combine(folder, AnnexIIFile), "II")];
        entries.AddRange(ReadAnnex(Path.Combine(folder, AnnexIIIFile), "III"));
        return new CosingAnnexes(entries);
    }

    /// <summary>Returns the annex entries that name this ingredient (case and punctuation ignored).</summary>
    public IReadOnlyList<AnnexEntry> Find(string ingredient)
    {
        ArgumentNullException.ThrowIfNull(ingredient);
        return _byName.TryGetValue(InciNames.Key(ingredient), out List<AnnexEntry>? entries) ? entries : [];
    }

    /// <summary>
    /// Returns the ingredients of a list that name an Annex II entry banning the product
    /// (<see cref="AnnexEntry.ProhibitsProduct"/>), each with that entry.
    /// </summary>
    public IReadOnlyList<AnnexMatch> FindProhibited(IEnumerable<string> ingredients) =>
        Match(ingredients, e => e.ProhibitsProduct);

    /// <summary>
    /// Returns the ingredients of a list that are Annex III fragrance allergens which must be named on the label
    /// (<see cref="AnnexEntry.LabelledFragranceAllergen"/>), each with that entry.
    /// </summary>
    public IReadOnlyList<AnnexMatch> FindFragranceAllergens(IEnumerable<string> ingredients) =>
        Match(ingredients, e => e.LabelledFragranceAllergen);

    private List<AnnexMatch> Match(IEnumerable<string> ingredients, Func<AnnexEntry, bool> test)
    {
        ArgumentNullException.ThrowIfNull(ingredients);
        List<AnnexMatch> matches = [];
        foreach (string ingredient in ingredients)
        {
            if (Find(ingredient).FirstOrDefault(test) is { } entry)
            {
                matches.Add(new AnnexMatch(ingredient, entry));
            }
        }

        return matches;
    }

    private static IEnumerable<AnnexEntry> ReadAnnex(string path, string annex)
    {
        using CsvTable table = CsvTable.Open(path);
        int[] at = table.RequireColumns(
            "cosing-annex-" + annex,
            "Reference Number",
            "Chemical name / INN",
            "Identified INGREDIENTS or substances e.g.",
            "CMR");
        int glossary = table.IndexOf("Name of Common Ingredients Glossary");
        int limit = table.IndexOf("Maximum concentration in ready for use preparation");
        int products = table.IndexOf("Product Type, body parts");
        int other = table.IndexOf("Other");
        int wording = table.IndexOf("Wording of conditions of use and warnings");
        List<AnnexEntry> entries = [];
        foreach (CsvRow row in table.Rows())
        {
            string[] v = row.Values;
            if (v.Length < table.Header.Count)
            {
                continue;
            }

            string substance = v[at[1]].Trim();
            IEnumerable<string> names = SplitNames(v[at[2]]).Concat(glossary >= 0 ? SplitNames(v[glossary]) : []);

            // Annex II entries often name only the substance, e.g. "Hydroquinone"; short ones are usable as names.
            if (substance.Length is > 0 and <= 40 && !substance.Contains(',') && !substance.Contains(';'))
            {
                names = names.Append(substance);
            }

            entries.Add(new AnnexEntry(
                annex,
                v[at[0]].Trim(),
                substance,
                [.. names.Select(n => n.ToUpperInvariant()).Distinct()],
                At(v, limit),
                At(v, products),
                string.Join(' ', new[] { At(v, other), At(v, wording) }.Where(s => s.Length > 0)),
                v[at[3]].Trim()));
        }

        return entries;
    }

    private static IEnumerable<string> SplitNames(string text) =>
        text.Replace("[INCI]", "", StringComparison.OrdinalIgnoreCase)
            .Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => n.Length > 1 && n != "-");

    private static string At(string[] values, int index) =>
        index >= 0 && index < values.Length ? values[index].Trim() : "";
}
