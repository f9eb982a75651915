namespace Skinsight.Data.Entities;

/// <summary>
/// What a person tells about themselves for research: the quasi-identifiers of the research export. Each field
/// is optional, and an absent one is exported as unknown.
/// </summary>
public sealed class Demographics
{
    public Guid PersonId { get; set; }

    public int? BirthYear { get; set; }

    /// <summary><c>female</c>, <c>male</c>, <c>other</c>, or null.</summary>
    public string? Sex { get; set; }

    /// <summary>Skin type name (<c>normal</c>, <c>dry</c>, <c>oily</c>, <c>combination</c>), or null.</summary>
    public string? SkinType { get; set; }

    /// <summary>ISO 3166-2 subdivision (<c>DE-BY</c>) or ISO 3166-1 alpha-2 country (<c>DE</c>), or null.</summary>
    public string? Region { get; set; }

    /// <summary>Time of the last change in UTC.</summary>
    public DateTime UpdatedAt { get; set; }
}
