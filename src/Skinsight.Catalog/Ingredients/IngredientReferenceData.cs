using Skinsight.Core;

namespace Skinsight.Catalog.Ingredients;

/// <summary>One reference data source behind the ingredient facts, and whether it could be loaded.</summary>
/// <param name="Id">Stable id that each fact cites, e.g. <c>cosing-inventory</c>.</param>
/// <param name="Title">What the source is, in words.</param>
/// <param name="Location">File or folder it is read from; <c>embedded</c> for the knowledge table.</param>
/// <param name="Available">True when it was loaded; facts from an unavailable source are left out.</param>
/// <param name="Problem">Why it is unavailable (missing file, unreadable file); null when available.</param>
public sealed record ReferenceSource(string Id, string Title, string Location, bool Available, string? Problem);

/// <summary>
/// The reference data an ingredient fact sheet draws on: the CosIng inventory and annexes, the comedogenic
/// ratings, the CosDNA table and the team's knowledge table. Each file source is optional; one that is missing or
/// unreadable is recorded in <see cref="Sources"/> with the reason instead of failing the load.
/// </summary>
/// <remarks>Immutable after loading, so one instance can be shared across threads.</remarks>
public sealed class IngredientReferenceData
{
    public const string InventorySource = "cosing-inventory";
    public const string AnnexesSource = "cosing-annexes";
    public const string ComedogenicSource = "comedogenic-ratings";
    public const string CosdnaSource = "cosdna";
    public const string KnowledgeSource = "skinsight-knowledge";

    /// <summary>Paths of the files under a data folder, in the layout of the public data sets.</summary>
    public const string InventoryPath = "eu-cosing-inventory/cosing.csv";
    public const string AnnexesPath = "eu-cosing-annexes";
    public const string ComedogenicPath = "comedogenic-ratings/comedogenicity_irritancy.csv";
    public const string CosdnaPath = "cosdna-ingredient-kg/ingredients.jsonl";

    public CosingInventory? Inventory { get; private init; }

    public CosingAnnexes? Annexes { get; private init; }

    public ComedogenicRatings? Comedogenic { get; private init; }

    public CosdnaIngredients? Cosdna { get; private init; }

    public required IngredientKnowledge Knowledge { get; init; }

    public required IReadOnlyList<ReferenceSource> Sources { get; init; }

    /// <summary>
    /// Loads every source found under <paramref name="folder"/> (see the <c>*Path</c> constants) plus the embedded
    /// knowledge table. A null folder or a missing file makes that source unavailable, not an error.
    /// </summary>
    public static IngredientReferenceData LoadFolder(string? folder)
    {
        List<ReferenceSource> sources = [];
        var inventory = TryLoad(folder, InventoryPath, InventorySource, "EU CosIng ingredient inventory (INCI names, functions)",
            CosingInventory.Load, sources);
        var annexes = TryLoad(folder, AnnexesPath, AnnexesSource,
            "EU CosIng Annex II (prohibited) and Annex III (restricted) of Regulation (EC) No 1223/2009",
            CosingAnnexes.LoadFolder, sources);
        var comedogenic = TryLoad(folder, ComedogenicPath, ComedogenicSource,
            "Comedogenicity and irritancy ratings 0-5 (rabbit-ear tests of raw materials)",
            ComedogenicRatings.Load, sources);
        var cosdna = TryLoad(folder, CosdnaPath, CosdnaSource, "CosDNA acne and irritant ratings 0-5 (2020 scrape)",
            CosdnaIngredients.Load, sources);
        sources.Add(new ReferenceSource(KnowledgeSource,
            "Skinsight knowledge table: actives, conflicts, contraindications, allergen groups; each rule cites its own source",
            "embedded", Available: true, Problem: null));

        return new IngredientReferenceData
        {
            Inventory = inventory,
            Annexes = annexes,
            Comedogenic = comedogenic,
            Cosdna = cosdna,
            Knowledge = IngredientKnowledge.LoadDefault(),
            Sources = sources,
        };
    }

    /// <summary>True when the source with this id was loaded.</summary>
    public bool Has(string sourceId) => Sources.Any(s => s.Id == sourceId && s.Available);

    private static T? TryLoad<T>(
        string? folder,
        string relativePath,
        string id,
        string title,
        Func<string, T> load,
        List<ReferenceSource> sources)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            sources.Add(new ReferenceSource(id, title, relativePath, false, "no reference data folder is configured"));
            return null;
        }

        string path = Path.GetFullPath(Path.Combine(folder, relativePath));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            sources.Add(new ReferenceSource(id, title, path, false, $"{path} was not found"));
            return null;
        }

        try
        {
            T loaded = load(path);
            sources.Add(new ReferenceSource(id, title, path, true, null));
            return loaded;
        }
        catch (InvalidInputException e)
        {
            sources.Add(new ReferenceSource(id, title, path, false, e.Message));
            return null;
        }
    }
}
