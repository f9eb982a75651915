using Skinsight.Data.Entities;

namespace Skinsight.Application.Experiments;

/// <summary>What the operator gives to create an experiment.</summary>
/// <param name="Name">Unique name of lower-case letters, digits and hyphens.</param>
/// <param name="Arms">The arms, control first; at least two.</param>
/// <param name="Measure">A check-in value kind: a photo measure, a self-rating or a sensor reading.</param>
/// <param name="Better"><c>lower</c> or <c>higher</c>; null to take the measure's own direction.</param>
/// <param name="PlannedPerArm">People per arm at the last look; null to compute it from <paramref name="EffectSize"/>.</param>
/// <param name="EffectSize">Smallest standardised effect (Cohen's d) worth detecting, used when the plan size is null.</param>
/// <param name="Looks">Number of equally spaced looks of the stop rule.</param>
public sealed record ExperimentRequest(
    string Name,
    string Hypothesis,
    IReadOnlyList<ExperimentArm> Arms,
    string Measure,
    string? Better = null,
    int? PlannedPerArm = null,
    double? EffectSize = null,
    int Looks = 3);

/// <summary>An experiment as the CLI and the API show it.</summary>
public sealed record ExperimentView(
    string Name,
    string Hypothesis,
    IReadOnlyList<ExperimentArm> Arms,
    string Measure,
    string Better,
    int PlannedPerArm,
    int Looks,
    string Status,
    DateTime CreatedAt,
    DateTime? StoppedAt);

/// <summary>The variant a person was assigned to and when they were first exposed to it.</summary>
public sealed record ExperimentAssignment(string Experiment, string Variant, DateTime ExposedAt);

/// <summary>A per-arm sample size and the inputs it was computed from.</summary>
public sealed record SampleSizeResult(double EffectSize, double Alpha, double Power, int PerArm, int Total);
