namespace Skinsight.Catalog.Ingredients;

/// <summary>One ingredient as written on the label, cleaned.</summary>
/// <param name="Name">Cleaned name, e.g. <c>Titanium Dioxide</c> for <c>Titanium Dioxide (CI 77891) 2%</c>.</param>
/// <param name="Raw">The token as it appeared in the list, before cleaning.</param>
/// <param name="Percent">Concentration printed on the label, in percent, or null when none was given.</param>
/// <param name="ColourIndexes">Colour Index numbers printed with the name, e.g. <c>CI 77891</c>.</param>
public sealed record IngredientToken(string Name, string Raw, decimal? Percent, IReadOnlyList<string> ColourIndexes);

/// <summary>A run of ingredients under one heading: the whole product, one product of a kit, or a may-contain list.</summary>
/// <param name="Title">Sub-product heading such as <c>Drying Lotion</c>, or null for an unheaded list.</param>
/// <param name="MayContain">True for a "may contain" or <c>+/-</c> list, which is not certain to be in the product.</param>
public sealed record IngredientSection(string? Title, bool MayContain, IReadOnlyList<IngredientToken> Tokens);

/// <summary>The result of <see cref="InciParser.Parse"/>: sections in label order and the text that was dropped.</summary>
/// <param name="Sections">Sections in the order they appear; empty sections are left out.</param>
/// <param name="Discarded">Fragments dropped as not being ingredient names (claims, footnotes, disclaimers).</param>
public sealed record ParsedIngredientList(IReadOnlyList<IngredientSection> Sections, IReadOnlyList<string> Discarded)
{
    public static ParsedIngredientList Empty { get; } = new([], []);

    /// <summary>Distinct names of all sections that are not may-contain lists, in label order.</summary>
    public IReadOnlyList<string> Ingredients => DistinctNames(Sections.Where(s => !s.MayContain));

    /// <summary>Distinct names of the may-contain sections, in label order.</summary>
    public IReadOnlyList<string> MayContain => DistinctNames(Sections.Where(s => s.MayContain));

    /// <summary>Every token of every section, in label order, duplicates included.</summary>
    public IEnumerable<IngredientToken> Tokens => Sections.SelectMany(s => s.Tokens);

    public bool IsEmpty => Sections.Count == 0;

    private static string[] DistinctNames(IEnumerable<IngredientSection> sections) =>
        [.. sections.SelectMany(s => s.Tokens).Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase)];
}
