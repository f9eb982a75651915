namespace Skinsight.Data.Entities;

/// <summary>Whether an experiment still assigns people.</summary>
public enum ExperimentStatus
{
    /// <summary>New plans are built under the experiment and people are assigned to its variants.</summary>
    Running,

    /// <summary>Nobody new is assigned; the report still reads the stored exposures.</summary>
    Stopped,
}

/// <summary>One arm of an experiment.</summary>
/// <param name="Name">Variant name, unique within the experiment; the first variant is the control arm.</param>
/// <param name="Weight">Share of people assigned to this arm, relative to the other weights.</param>
/// <param name="RoutineLength">
/// The longest routine a plan built under this arm may have (<c>minimal</c>, <c>moderate</c> or <c>full</c>), or
/// null to build the plan as the person's profile asks.
/// </param>
public sealed record ExperimentArm(string Name, double Weight, string? RoutineLength);

/// <summary>An A/B experiment on plan variants, run by the operator across people.</summary>
/// <remarks>Not a personal record: it names no person. Who saw which variant is in <see cref="ExposureRecord"/>.</remarks>
public sealed class ExperimentRecord
{
    public Guid Id { get; set; }

    /// <summary>Unique name, also the key that <c>VariantAssigner</c> hashes with each person id.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the experiment expects to find, in the operator's words.</summary>
    public string Hypothesis { get; set; } = "";

    /// <summary>The arms as a JSON list of <see cref="ExperimentArm"/>, control first.</summary>
    public string ArmsJson { get; set; } = "[]";

    /// <summary>The check-in value kind compared between arms, e.g. <c>redness</c> or <c>irritation</c>.</summary>
    public string Measure { get; set; } = "";

    /// <summary><c>lower</c> or <c>higher</c>: which way of the measure counts as better.</summary>
    public string Better { get; set; } = "";

    /// <summary>People per arm the experiment plans to reach at its last look.</summary>
    public int PlannedPerArm { get; set; }

    /// <summary>Number of equally spaced looks of the O'Brien-Fleming stop rule, the last at <see cref="PlannedPerArm"/>.</summary>
    public int Looks { get; set; }

    public ExperimentStatus Status { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Time the experiment was stopped in UTC, or null while it runs.</summary>
    public DateTime? StoppedAt { get; set; }
}
