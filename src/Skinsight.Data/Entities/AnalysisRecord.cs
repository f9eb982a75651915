using Skinsight.Core.Analysis;
using Skinsight.Data.Encryption;

namespace Skinsight.Data.Entities;

/// <summary>One stored photo analysis of one person, rejected photos included.</summary>
/// <remarks>
/// The summary columns (mode, quality, skin tone) are copies of values inside <see cref="AnalysisJson"/>, kept
/// so that lists and check-ins over time can be queried without parsing JSON.
/// NOTE: the numeric summaries (quality score, ITA angle) stay in clear so that they can be queried. The
/// skin-tone name and the full analysis are encrypted.
/// </remarks>
public sealed class AnalysisRecord : IPersonalRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public AnalysisMode Mode { get; set; }

    public bool Accepted { get; set; }

    /// <summary>Quality gate score, 0-100.</summary>
    public double QualityScore { get; set; }

    /// <summary>Individual Typology Angle in degrees, or null when no skin tone was measured.</summary>
    public double? SkinToneIta { get; set; }

    /// <summary>The skin tone's name, encrypted at rest.</summary>
    [Encrypted]
    public string? SkinToneCategory { get; set; }

    /// <summary>The full <see cref="SkinAnalysis"/> serialised with <see cref="StoreJson.Options"/>, encrypted at rest.</summary>
    [Encrypted]
    public string AnalysisJson { get; set; } = "";

    /// <summary>The analysed photo, or null when it was not kept.</summary>
    public StoredPhoto? Photo { get; set; }
}
