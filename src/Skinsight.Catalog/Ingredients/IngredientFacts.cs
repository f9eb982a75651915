namespace Skinsight.Catalog.Ingredients;

/// <summary>How a label name was matched to a CosIng INCI name.</summary>
public enum ResolutionMethod
{
    /// <summary>Same name as CosIng, ignoring case.</summary>
    Exact,

    /// <summary>Same name once punctuation, spacing and accents are folded.</summary>
    Normalised,

    /// <summary>A known other name, or a variant such as a common name in parentheses.</summary>
    Synonym,

    /// <summary>The closest CosIng name by edit distance; check the confidence.</summary>
    Fuzzy,

    /// <summary>A Korean name translated through the team's Korean INCI table, then matched to CosIng.</summary>
    KoreanTable,

    /// <summary>No CosIng name matched, or a Korean name is not in the table.</summary>
    Unresolved,

    /// <summary>The CosIng inventory is not available, so the name was not looked up.</summary>
    NotChecked,
}

/// <summary>The INCI name a label token resolved to, and how.</summary>
/// <param name="InciName">CosIng name, upper case; null when unresolved or not checked.</param>
/// <param name="Confidence">0-1: 1 for exact and normalised, 0.95 for synonyms, the similarity for fuzzy matches.</param>
/// <param name="Translation">INCI name from the Korean table for a Korean token; null otherwise.</param>
/// <param name="TranslationMatch">How the translation matched CosIng; null unless <see cref="Method"/> is
/// <see cref="ResolutionMethod.KoreanTable"/>.</param>
/// <param name="Source">Id of the <see cref="ReferenceSource"/> the name comes from; null when unresolved.</param>
public sealed record IngredientResolution(
    ResolutionMethod Method,
    string? InciName,
    double Confidence,
    string? Translation,
    ResolutionMethod? TranslationMatch,
    string? Source);

/// <summary>An Annex II or Annex III entry that names the ingredient.</summary>
public sealed record AnnexFlag(
    string Annex,
    string Reference,
    string Substance,
    bool Prohibited,
    bool Conditional,
    bool LabelledFragranceAllergen,
    string MaxConcentration,
    string ProductTypes,
    string Conditions,
    string Source);

/// <summary>Comedogenicity and irritancy ratings (0-5) from the comedogenic ratings table.</summary>
public sealed record ComedogenicFact(string RatedName, int Comedogenicity, int Irritancy, string Source);

/// <summary>CosDNA acne and irritant ratings (0-5); a range is given as all its values, none when not rated.</summary>
public sealed record CosdnaFact(string RatedName, IReadOnlyList<int> Acne, IReadOnlyList<int> Irritant, string Source);

/// <summary>An active ingredient class from the knowledge table, with the source the table cites.</summary>
public sealed record ActiveFact(
    string Id,
    string Name,
    string Class,
    IReadOnlyList<string> Concerns,
    string Concentration,
    bool Photosensitising,
    IReadOnlyList<string> Cautions,
    string Citation,
    string Source);

/// <summary>An allergen group of the knowledge table the ingredient belongs to.</summary>
public sealed record AllergenFact(string Group, string Citation, string Source);

/// <summary>A conflict rule of the knowledge table that names one of the ingredient's actives.</summary>
/// <param name="With">Classes or ids of actives on the other side of the rule.</param>
/// <param name="When">When the conflict applies, e.g. <c>same-routine</c>.</param>
public sealed record ConflictFact(
    string Id,
    IReadOnlyList<string> With,
    string When,
    string Severity,
    string Reason,
    string Advice,
    string Citation,
    string Source);

/// <summary>A contraindication of the knowledge table that names one of the ingredient's actives.</summary>
/// <param name="Condition">E.g. <c>pregnancy</c>, <c>sensitive-skin</c>, <c>sun-exposure</c>.</param>
/// <param name="AbovePercent">Applies only above this concentration; null when it always applies.</param>
public sealed record ContraindicationFact(
    string Id,
    string Condition,
    decimal? AbovePercent,
    string Severity,
    string Reason,
    string Citation,
    string Source);

/// <summary>Everything known about one token of an ingredient list, each fact with its source.</summary>
/// <param name="Position">1-based position in label order, counted across kit sections.</param>
/// <param name="Raw">The token as printed on the label.</param>
/// <param name="Name">The cleaned label name the parser produced.</param>
/// <param name="Section">Kit sub-product title; null for the main list.</param>
/// <param name="MayContain">True for tokens of a may-contain or <c>+/-</c> section.</param>
/// <param name="Percent">Concentration printed on the label, if any.</param>
/// <param name="LookupName">Name the facts below were looked up by: the CosIng name for exact, normalised and
/// synonym matches, otherwise the label name or its Korean translation, so that a fuzzy match never brings in
/// another substance's flags.</param>
public sealed record IngredientFacts(
    int Position,
    string Raw,
    string Name,
    string? Section,
    bool MayContain,
    decimal? Percent,
    IngredientResolution Resolution,
    string LookupName,
    IReadOnlyList<string> Functions,
    string? FunctionsSource,
    IReadOnlyList<AnnexFlag> Annexes,
    ComedogenicFact? Comedogenic,
    CosdnaFact? Cosdna,
    IReadOnlyList<ActiveFact> Actives,
    IReadOnlyList<AllergenFact> Allergens,
    IReadOnlyList<ConflictFact> Conflicts,
    IReadOnlyList<ContraindicationFact> Contraindications);

/// <summary>A conflict rule whose both sides occur in the same product.</summary>
/// <param name="Ingredients">Label names of the ingredients on either side.</param>
public sealed record ProductConflict(
    string Id,
    IReadOnlyList<string> Ingredients,
    string Severity,
    string Reason,
    string Advice,
    string Citation,
    string Source);

/// <summary>The parsed ingredient list of one product with the facts per ingredient and the sources used.</summary>
/// <param name="Discarded">Text the parser dropped as not being ingredient names.</param>
/// <param name="Sources">Every reference source, including unavailable ones with the reason.</param>
public sealed record IngredientFactSheet(
    IReadOnlyList<IngredientFacts> Ingredients,
    IReadOnlyList<ProductConflict> Conflicts,
    IReadOnlyList<string> Discarded,
    IReadOnlyList<ReferenceSource> Sources);
