namespace Skinsight.Application.Tracking;

/// <summary>One person's progress: every measure's trend and effects, and the plan advice drawn from them.</summary>
/// <param name="CheckIns">Number of stored check-ins.</param>
/// <param name="Measures">
/// One entry per series: per value kind, and for photo measures per photo mode. Photo measures come first, then
/// ratings, then sensors.
/// </param>
/// <param name="Advice">Plan adjustments for the newest plan, empty without a plan or check-ins.</param>
public sealed record ProgressDashboard(
    DateTimeOffset GeneratedAt,
    int CheckIns,
    IReadOnlyList<MeasureProgress> Measures,
    IReadOnlyList<PlanAdvice> Advice);

/// <summary>The series, trend and effects of one measure, from one photo mode for a photo measure.</summary>
/// <param name="Mode">
/// For a photo measure <c>face</c>, <c>closeup</c> or <c>unknown</c> (see <see cref="PhotoSeries"/>); null for
/// ratings and sensors.
/// </param>
/// <param name="Label">The series name to show, such as <c>redness (close-up)</c> or <c>dryness</c>.</param>
/// <param name="Source"><c>photo</c>, <c>rating</c> or <c>sensor</c>.</param>
/// <param name="Better"><c>lower</c> or <c>higher</c>, or null for context readings such as the weather.</param>
/// <param name="Points">Every stored value, flagged ones included, oldest first.</param>
/// <param name="Trend">The trend, or null when too few usable points exist (see <paramref name="TrendNote"/>).</param>
/// <param name="Effects">Per-person effect of each active on this measure, adjusted for season and adherence.</param>
/// <param name="EffectsNote">Why there are no effects, when there are none.</param>
public sealed record MeasureProgress(
    string Kind,
    string? Mode,
    string Label,
    string Source,
    string Unit,
    string? Better,
    IReadOnlyList<ProgressPoint> Points,
    TrendSummary? Trend,
    string? TrendNote,
    IReadOnlyList<EffectSummary> Effects,
    string? EffectsNote);

/// <summary>One stored value, with the reason it was left out of the trend when it was.</summary>
/// <param name="Flag"><c>low-quality</c> or <c>outlier</c>, or null for a point the trend used.</param>
public sealed record ProgressPoint(DateTimeOffset Time, double Value, double? Noise, double? Quality, string? Flag);

/// <summary>A measure's trend: Theil-Sen slope, Mann-Kendall test and a verdict judged against the noise floor.</summary>
/// <param name="Verdict">
/// <c>improving</c>, <c>worsening</c> or <c>no-change</c>; for context readings <c>rising</c>, <c>falling</c> or
/// <c>no-change</c>.
/// </param>
/// <param name="SlopePerDay">Theil-Sen slope in the measure's unit per day.</param>
/// <param name="FittedChange">Slope × span: the change over the series.</param>
/// <param name="NoiseFloor">The noise floor the change was judged against.</param>
/// <param name="ChangeThreshold">Smallest |change| that counts as a change: the noise floor times its multiple.</param>
/// <param name="SeasonalAmplitude">Half the range of the seasonal effects, or null for a series shorter than two years.</param>
public sealed record TrendSummary(
    string Verdict,
    double SlopePerDay,
    double SlopeLower,
    double SlopeUpper,
    double FittedChange,
    double NoiseFloor,
    double ChangeThreshold,
    double PValue,
    double Tau,
    double SpanDays,
    double Intercept,
    DateTimeOffset Start,
    IReadOnlyList<ChangePointSummary> ChangePoints,
    double? SeasonalAmplitude);

/// <summary>A shift in a measure's mean level at <paramref name="Time"/>.</summary>
public sealed record ChangePointSummary(DateTimeOffset Time, double MeanBefore, double MeanAfter);

/// <summary>One active's estimated effect on a measure, per unit of exposure, with its confidence interval.</summary>
/// <param name="Scope"><c>person</c> for this person's own fit.</param>
public sealed record EffectSummary(
    string Active,
    double Estimate,
    double Lower,
    double Upper,
    double PValue,
    int Observations,
    string Scope);

/// <summary>One plan adjustment: what to do with which step, and why.</summary>
/// <param name="Rule">The id of the rule that fired.</param>
/// <param name="Action"><c>keep</c>, <c>swap-step</c>, <c>lower-frequency</c> or <c>drop-active</c>.</param>
/// <param name="Routine"><c>am</c> or <c>pm</c>, or null for advice about the whole plan.</param>
/// <param name="Step">Zero-based step position, or null for the whole plan.</param>
public sealed record PlanAdvice(
    string Rule,
    string Action,
    Guid PlanId,
    string? Routine,
    int? Step,
    string Message);
