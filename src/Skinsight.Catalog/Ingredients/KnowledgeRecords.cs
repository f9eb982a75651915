namespace Skinsight.Catalog.Ingredients;

/// <summary>An active ingredient (or a family of closely related ones) that Skinsight reasons about.</summary>
public sealed record ActiveIngredient
{
    /// <summary>Stable id, e.g. <c>retinol</c>, <c>glycolic-acid</c>.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Family used by rules, e.g. <c>retinoid</c>, <c>aha</c>, <c>bha</c>, <c>vitamin-c</c>.</summary>
    public required string Class { get; init; }

    /// <summary>INCI names and synonyms that identify the active; matched on <see cref="InciNames.Key"/>.</summary>
    public IReadOnlyList<string> Inci { get; init; } = [];

    /// <summary>Word sequences that identify the active anywhere inside a name, e.g. <c>ceramide</c>.</summary>
    public IReadOnlyList<string> Contains { get; init; } = [];

    /// <summary>Concern names from <see cref="Core.Analysis.Concerns"/> the active addresses.</summary>
    public IReadOnlyList<string> Concerns { get; init; } = [];

    /// <summary>Usual effective or permitted concentration in words, e.g. <c>0.1-1% (retinol, leave-on)</c>.</summary>
    public string Concentration { get; init; } = "";

    /// <summary>True when the active makes skin more sensitive to the sun, so a routine needs sunscreen.</summary>
    public bool Photosensitising { get; init; }

    public IReadOnlyList<string> Cautions { get; init; } = [];

    /// <summary>Published source for the concerns, concentration and cautions.</summary>
    public required string Source { get; init; }
}

/// <summary>Two groups of actives that should not be used together at the time <see cref="When"/> names.</summary>
public sealed record ConflictRule
{
    public required string Id { get; init; }

    /// <summary>Active classes or ids on one side, e.g. <c>retinoid</c>.</summary>
    public required IReadOnlyList<string> Left { get; init; }

    /// <summary>Active classes or ids on the other side, e.g. <c>aha</c>, <c>bha</c>.</summary>
    public required IReadOnlyList<string> Right { get; init; }

    /// <summary><c>same-routine</c> (the same AM or PM routine) or <c>same-day</c>.</summary>
    public string When { get; init; } = "same-routine";

    /// <summary><c>avoid</c> or <c>caution</c>.</summary>
    public string Severity { get; init; } = "caution";

    public required string Reason { get; init; }

    /// <summary>What a routine should do instead, e.g. alternate nights.</summary>
    public string Advice { get; init; } = "";

    public required string Source { get; init; }
}

/// <summary>A condition of the person under which a class of actives is avoided or needs care.</summary>
public sealed record Contraindication
{
    public required string Id { get; init; }

    /// <summary>One of <see cref="Conditions"/>.</summary>
    public required string Condition { get; init; }

    /// <summary>Active classes or ids the rule applies to.</summary>
    public required IReadOnlyList<string> Actives { get; init; }

    /// <summary>When set, the rule applies only above this labelled percentage (or when none is printed).</summary>
    public decimal? AbovePercent { get; init; }

    /// <summary><c>avoid</c>, <c>caution</c> or <c>requires-sunscreen</c>.</summary>
    public required string Severity { get; init; }

    public required string Reason { get; init; }

    public required string Source { get; init; }
}

/// <summary>Condition names used by <see cref="Contraindication.Condition"/>.</summary>
public static class Conditions
{
    public const string Pregnancy = "pregnancy";
    public const string Breastfeeding = "breastfeeding";
    public const string SensitiveSkin = "sensitive-skin";

    /// <summary>Any routine with daytime sun exposure; rules under it require sunscreen.</summary>
    public const string SunExposure = "sun-exposure";
}

/// <summary>An allergy a person can name (<c>fragrance</c>, <c>nuts</c>) and the ingredients that carry it.</summary>
public sealed record AllergenGroup
{
    /// <summary>Group name, e.g. <c>fragrance</c>.</summary>
    public required string Group { get; init; }

    /// <summary>Other words a person may use for the group, e.g. <c>perfume</c>, <c>tree nuts</c>.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Exact ingredient names in the group.</summary>
    public IReadOnlyList<string> Inci { get; init; } = [];

    /// <summary>Word sequences that put any ingredient containing them in the group, e.g. <c>amygdalus</c>.</summary>
    public IReadOnlyList<string> Contains { get; init; } = [];

    /// <summary>
    /// Plant names, by genus or common name, whose oils belong to the group, e.g. <c>lavandula</c> catches
    /// <c>Lavandula Angustifolia (Lavender) Oil</c>. Seed and kernel oils of these plants are left out because
    /// they are pressed carrier oils, not fragrant distilled ones.
    /// </summary>
    public IReadOnlyList<string> OilsOf { get; init; } = [];

    public required string Source { get; init; }
}
