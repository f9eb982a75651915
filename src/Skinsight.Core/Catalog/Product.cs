namespace Skinsight.Core.Catalog;

/// <summary>One taxonomy for product categories across catalogs.</summary>
public enum ProductCategory
{
    Other,
    Cleanser,
    Toner,
    Serum,
    Moisturiser,
    Sunscreen,
    Mask,
    EyeCare,
    Exfoliant,
    Oil,
    LipCare,
}

/// <summary>A catalog product as imported from a source catalog.</summary>
/// <remarks>
/// <see cref="Source"/> plus <see cref="SourceId"/> identify a product: re-importing the same row updates it
/// rather than adding a copy.
/// </remarks>
public sealed record Product
{
    /// <summary>Catalog format the product came from, e.g. <c>sephora-2023</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The source's own id, or a stable id derived from brand and name when the source has none.</summary>
    public required string SourceId { get; init; }

    public required string Name { get; init; }

    public required string Brand { get; init; }

    public required ProductCategory Category { get; init; }

    /// <summary>The source's category text before mapping, e.g. <c>Skincare/Moisturizers/Face Creams</c>.</summary>
    public string SourceCategory { get; init; } = "";

    public decimal? PriceUsd { get; init; }

    /// <summary>The price in the source's own currency; equals <see cref="PriceUsd"/> when that currency is USD.</summary>
    public decimal? Price { get; init; }

    /// <summary>ISO 4217 code of <see cref="Price"/>, e.g. <c>USD</c> or <c>GBP</c>; empty when there is no price.</summary>
    public string Currency { get; init; } = "";

    public double? Rating { get; init; }

    public int? ReviewCount { get; init; }

    /// <summary>The ingredient list exactly as the source gives it.</summary>
    public string IngredientsRaw { get; init; } = "";

    /// <summary>Parsed ingredient names in label order (normalised INCI where resolved).</summary>
    public IReadOnlyList<string> Ingredients { get; init; } = [];

    /// <summary>The source's own labels, e.g. <c>Good for: Acne/Blemishes</c> or <c>skin:Oily</c>.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Skin types the source marks the product as suitable for (lower case: oily, dry, ...).</summary>
    public IReadOnlyList<string> SkinTypes { get; init; } = [];

    /// <summary>Concerns the source says the product is good for, using <see cref="Analysis.Concerns"/> names.</summary>
    public IReadOnlyList<string> GoodFor { get; init; } = [];

    /// <summary>Product-level id used in API and plans: <c>source:sourceId</c>.</summary>
    public string Key => $"{Source}:{SourceId}";
}
