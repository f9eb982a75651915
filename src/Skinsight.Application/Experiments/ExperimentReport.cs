namespace Skinsight.Application.Experiments;

/// <summary>The state of one experiment computed from stored exposures and check-ins.</summary>
/// <param name="OutcomeRule">How each person's outcome is computed, in words.</param>
/// <param name="Arms">Counts and mean outcome per arm, control first.</param>
/// <param name="Comparisons">Each treatment arm against the control arm.</param>
public sealed record ExperimentReport(
    ExperimentView Experiment,
    string OutcomeRule,
    IReadOnlyList<ArmSummary> Arms,
    IReadOnlyList<ArmComparison> Comparisons);

/// <summary>One arm's people.</summary>
/// <param name="Exposed">People exposed to the arm who are still in the store and have not withdrawn consent.</param>
/// <param name="WithOutcome">Exposed people with a value before and after exposure, who enter the comparison.</param>
/// <param name="MeanOutcome">Mean change of the measure, or null without outcomes.</param>
public sealed record ArmSummary(string Variant, int Exposed, int WithOutcome, double? MeanOutcome);

/// <summary>A treatment arm against the control arm, with the stop-rule decision.</summary>
/// <param name="Difference">Treatment mean change minus control mean change, in the measure's unit.</param>
/// <param name="Lower">Lower end of the 95% Welch interval of the difference.</param>
/// <param name="Upper">Upper end of the 95% Welch interval of the difference.</param>
/// <param name="PValue">Two-sided Welch t test.</param>
/// <param name="Favours"><c>treatment</c> or <c>control</c> when the interval excludes 0, else <c>neither</c>.</param>
/// <param name="RequiredPerArm">People per arm needed to detect the observed d with 80% power at α = 0.05.</param>
/// <param name="InformationFraction">Smaller arm's outcome count over the planned count per arm, at most 1.</param>
/// <param name="Look">Looks reached at that fraction (0 before the first).</param>
/// <param name="Boundary">The |z| the reached look must exceed, or null before the first look.</param>
/// <param name="Z">
/// The standard normal value with the same two-sided p as the Welch test, which the boundary is compared with;
/// null without a comparison.
/// </param>
/// <param name="Decision">
/// <c>continue</c>, <c>stop: effect</c> or <c>stop: no effect</c> while the experiment runs; after an operator
/// stopped it, <c>stopped: effect</c>, <c>stopped: no effect</c> or <c>stopped early: no conclusion</c>.
/// </param>
/// <param name="Message">Why no comparison was possible, or null.</param>
public sealed record ArmComparison(
    string Variant,
    string Control,
    int ControlCount,
    int TreatmentCount,
    double? Difference,
    double? Lower,
    double? Upper,
    double? PValue,
    double? CohensD,
    double? CohensDLower,
    double? CohensDUpper,
    string Favours,
    int? RequiredPerArm,
    double InformationFraction,
    int Look,
    double? Boundary,
    double? Z,
    string Decision,
    string? Message);
