namespace Skinsight.Core.History;

/// <summary>What a person has recorded about a product.</summary>
public enum ExperienceKind
{
    /// <summary>The person has the product at home; plans reuse it when it fits.</summary>
    Owned,

    /// <summary>The person liked the product; plans prefer it among equally safe picks.</summary>
    Liked,

    /// <summary>The person disliked the product; plans leave it out.</summary>
    Disliked,

    /// <summary>The product caused a skin reaction; plans leave it out and avoid the ingredients behind it.</summary>
    Reacted,
}

/// <summary>One recorded fact about one catalog product.</summary>
/// <param name="ProductKey">The product's <see cref="Catalog.Product.Key"/>, e.g. <c>sephora-2023:P473126</c>.</param>
/// <param name="Note">Free text the person added, such as what the reaction looked like.</param>
public sealed record ProductExperience(string ProductKey, ExperienceKind Kind, DateTimeOffset RecordedAt, string? Note = null);
