namespace Skinsight.Core.Profiles;

/// <summary>Skin type as a person reports it or as a questionnaire derives it.</summary>
public enum SkinType
{
    Normal,
    Dry,
    Oily,
    Combination,
}

/// <summary>Relative humidity of where the person lives most of the time.</summary>
public enum Humidity
{
    Dry,
    Moderate,
    Humid,
}

/// <summary>Climate facts that change a routine.</summary>
/// <param name="UvIndex">Typical daily maximum UV index (WHO scale, 0-11+).</param>
/// <param name="Season">Current season, or null when not given.</param>
public sealed record Climate(Humidity Humidity = Humidity.Moderate, double UvIndex = 3, Season? Season = null);

/// <summary>
/// What a person tells Skinsight about themselves. Read from the JSON of <c>plan --profile</c> and
/// <c>POST /api/plans</c>; the schema is documented in <c>docs/profile.md</c>.
/// </summary>
public sealed record SkinProfile
{
    public int? Age { get; init; }

    public SkinType SkinType { get; init; } = SkinType.Normal;

    public bool Sensitive { get; init; }

    /// <summary>Concern names from <see cref="Analysis.Concerns"/>.</summary>
    public IReadOnlyList<string> Concerns { get; init; } = [];

    /// <summary>
    /// The members of <see cref="Concerns"/> that only the questionnaire implied, which the person did not list.
    /// </summary>
    public IReadOnlyList<string> QuestionnaireConcerns { get; init; } = [];

    public bool Pregnant { get; init; }

    public bool Breastfeeding { get; init; }

    /// <summary>Ingredients or ingredient groups to avoid entirely, e.g. <c>fragrance</c>, <c>nuts</c>.</summary>
    public IReadOnlyList<string> Allergies { get; init; } = [];

    public Climate Climate { get; init; } = new();

    /// <summary>Most the person wants to spend on the whole routine, in US dollars; null for no limit.</summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>Ingredients or groups that caused a reaction before; excluded like allergies, under their own rule.</summary>
    public IReadOnlyList<string> PastReactions { get; init; } = [];

    /// <summary>Ingredient groups the person prefers to go without, e.g. <c>fragrance</c> or <c>parabens</c>.</summary>
    public IReadOnlyList<string> FreeOf { get; init; } = [];

    public Lifestyle Lifestyle { get; init; } = new();

    public RoutineLength RoutineLength { get; init; } = RoutineLength.Full;

    /// <summary>Skin type on the Baumann axes when the questionnaire was answered, else null.</summary>
    public BaumannType? Baumann { get; init; }
}
