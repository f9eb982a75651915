namespace Skinsight.Data.Entities;

/// <summary>Purposes a person consents to separately.</summary>
public enum ConsentPurpose
{
    /// <summary>Analysing photos and profiles to measure skin and build plans.</summary>
    Analysis,

    /// <summary>Keeping the analysed photos after the analysis.</summary>
    KeepPhotos,

    /// <summary>Including pseudonymised data in research exports.</summary>
    Research,

    /// <summary>Getting plans built under a variant of a running A/B experiment.</summary>
    Experiments,
}

/// <summary>
/// One grant of consent for one purpose, with the version of the text the person was shown. Withdrawal sets
/// <see cref="WithdrawnAt"/>, and a later grant adds a new row, so the history stays.
/// </summary>
public sealed class ConsentRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public ConsentPurpose Purpose { get; set; }

    /// <summary>Version of the consent text the person was shown and agreed to.</summary>
    public string TextVersion { get; set; } = "";

    /// <summary>Time of the grant in UTC.</summary>
    public DateTime GrantedAt { get; set; }

    /// <summary>Time of the withdrawal in UTC, or null while the consent holds.</summary>
    public DateTime? WithdrawnAt { get; set; }
}
