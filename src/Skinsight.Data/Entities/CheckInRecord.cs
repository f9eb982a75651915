namespace Skinsight.Data.Entities;

/// <summary>One check-in of one person: when it was made, the photo analysis it used, and its values.</summary>
/// <remarks>
/// The measured and reported values live in <see cref="CheckInValueRecord"/> and the routine steps used in
/// <see cref="CheckInStepRecord"/>, so personal values can later be encrypted without touching this row.
/// </remarks>
public sealed class CheckInRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>When the check-in describes the skin, in UTC.</summary>
    public DateTime TakenAt { get; set; }

    /// <summary>When the check-in was stored, in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The analysis of the check-in's photo, or null for a check-in without a photo.</summary>
    public Guid? AnalysisId { get; set; }

    /// <summary>Quality gate score of the photo, 0-100, or null without a photo.</summary>
    public double? PhotoQuality { get; set; }

    public List<CheckInValueRecord> Values { get; set; } = [];

    public List<CheckInStepRecord> Steps { get; set; } = [];
}
