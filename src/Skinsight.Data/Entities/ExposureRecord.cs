namespace Skinsight.Data.Entities;

/// <summary>The first time one person was exposed to their variant of one experiment.</summary>
/// <remarks>There is at most one row per experiment and person, so a later plan does not move the exposure time.</remarks>
public sealed class ExposureRecord
{
    public long Id { get; set; }

    public Guid ExperimentId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Name of the variant the person was assigned to.</summary>
    public string Variant { get; set; } = "";

    /// <summary>Time of the first exposure in UTC.</summary>
    public DateTime ExposedAt { get; set; }
}
