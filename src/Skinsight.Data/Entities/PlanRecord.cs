using Skinsight.Data.Encryption;

namespace Skinsight.Data.Entities;

/// <summary>One stored skincare plan of one person, with the profile it was built from.</summary>
public sealed class PlanRecord : IPersonalRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The <see cref="Core.Profiles.SkinProfile"/> serialised with <see cref="StoreJson.Options"/>, encrypted at rest.</summary>
    [Encrypted]
    public string ProfileJson { get; set; } = "";

    /// <summary>The <see cref="Core.Plans.SkincarePlan"/> serialised with <see cref="StoreJson.Options"/>, encrypted at rest.</summary>
    [Encrypted]
    public string PlanJson { get; set; } = "";

    /// <summary>The analysis of the photo the plan used, or null when the plan was built without a photo.</summary>
    public Guid? AnalysisId { get; set; }

    /// <summary>The experiment the plan was built under, or null when none was running.</summary>
    public Guid? ExperimentId { get; set; }

    /// <summary>The variant of <see cref="ExperimentId"/> the plan was built with, or null outside experiments.</summary>
    public string? ExperimentVariant { get; set; }
}
