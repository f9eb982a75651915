using Skinsight.Core.Analysis;
using Skinsight.Core.Profiles;

namespace Skinsight.Core.Plans;

/// <summary>A morning and evening routine built for one person, with the reasons behind it.</summary>
public sealed record SkincarePlan
{
    /// <summary>Morning steps in the order they are applied.</summary>
    public required IReadOnlyList<RoutineStep> Am { get; init; }

    /// <summary>Evening steps in the order they are applied.</summary>
    public required IReadOnlyList<RoutineStep> Pm { get; init; }

    /// <summary>Safety rules that changed the plan, and anything else the person must know.</summary>
    public IReadOnlyList<PlanWarning> Warnings { get; init; } = [];

    /// <summary>
    /// Concerns the plan addresses, from the profile, its questionnaire and the photo, most urgent first: by the
    /// photo's severity, with an unmeasured concern ranked at mid-scale.
    /// </summary>
    public IReadOnlyList<PlanConcern> Concerns { get; init; } = [];

    /// <summary>Medical flags carried over from the analysis; always shown with the plan.</summary>
    public IReadOnlyList<MedicalFlag> Flags { get; init; } = [];

    /// <summary>Sum of the prices of the chosen products, in US dollars.</summary>
    public decimal TotalPriceUsd { get; init; }

    /// <summary>True when products came from the catalog; false for ingredient-level advice only.</summary>
    public bool FromCatalog { get; init; }

    /// <summary>The skin type on the Baumann axes when the questionnaire was answered, else null.</summary>
    public BaumannType? Baumann { get; init; }
}

/// <summary>A concern the plan addresses and where it came from.</summary>
/// <param name="Concern">Concern name from <see cref="Analysis.Concerns"/>.</param>
/// <param name="Severity">
/// The photo analysis' 0-1 severity, or null when no photo measured the concern: a profile's list and the
/// questionnaire give no severity.
/// </param>
/// <param name="Source">
/// <c>profile</c> (the profile's <c>concerns</c> list), <c>questionnaire</c> (implied by its answers and not
/// listed), <c>photo</c>, or <c>photo+profile</c> and <c>photo+questionnaire</c> when the photo also reports it.
/// </param>
public sealed record PlanConcern(string Concern, double? Severity, string Source);

/// <summary>One step of a routine.</summary>
/// <param name="Step">Kind of step: cleanse, treat, moisturise, sunscreen, ...</param>
/// <param name="Frequency">How often, e.g. <c>daily</c> or <c>2 nights a week for 2 weeks, then 3</c>.</param>
/// <param name="Reason">Why this step is here, in plain language.</param>
/// <param name="Product">The chosen product, or null when the plan gives only the ingredient.</param>
/// <param name="Ingredients">Key ingredients that serve the step's purpose.</param>
/// <param name="Concerns">Concerns this step serves.</param>
public sealed record RoutineStep(
    string Step,
    string Frequency,
    string Reason,
    ProductChoice? Product,
    IReadOnlyList<string> Ingredients,
    IReadOnlyList<string> Concerns)
{
    /// <summary>
    /// Days of the week the step is used once any ramp-up is complete, or null for every day. Two steps of the
    /// same routine whose days do not overlap are never applied together.
    /// </summary>
    public IReadOnlyList<DayOfWeek>? Days { get; init; }

    /// <summary>
    /// Days of the week the step is used while it is being started (the first weeks of a ramp-up), or null when
    /// the step starts on <see cref="Days"/> at once.
    /// </summary>
    public IReadOnlyList<DayOfWeek>? StartDays { get; init; }

    /// <summary>The rules and ranking behind the step's product.</summary>
    public StepExplanation? Explanation { get; init; }
}

/// <summary>A product picked for a step.</summary>
public sealed record ProductChoice(string Id, string Name, string Brand, decimal? PriceUsd);

/// <summary>A rule that fired while planning.</summary>
/// <param name="Rule">Stable rule id, e.g. <c>pregnancy-no-retinoid</c>.</param>
public sealed record PlanWarning(string Rule, string Message);
