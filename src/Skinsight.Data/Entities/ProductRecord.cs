using Skinsight.Core.Catalog;

namespace Skinsight.Data.Entities;

/// <summary>One catalog product; (<see cref="Source"/>, <see cref="SourceId"/>) is unique.</summary>
public sealed class ProductRecord
{
    public long Id { get; set; }

    public string Source { get; set; } = "";

    public string SourceId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Brand { get; set; } = "";

    public ProductCategory Category { get; set; }

    public string SourceCategory { get; set; } = "";

    public decimal? PriceUsd { get; set; }

    /// <summary>The price in the source's currency (<see cref="Currency"/>).</summary>
    public decimal? Price { get; set; }

    /// <summary>ISO 4217 code of <see cref="Price"/>; empty when there is no price.</summary>
    public string Currency { get; set; } = "";

    public double? Rating { get; set; }

    public int? ReviewCount { get; set; }

    public string IngredientsRaw { get; set; } = "";

    /// <summary>Parsed ingredient names in label order, as a JSON array of strings.</summary>
    public string IngredientsJson { get; set; } = "[]";

    /// <summary>The source's labels, as a JSON array of strings.</summary>
    public string LabelsJson { get; set; } = "[]";

    public List<string> SkinTypes { get; set; } = [];

    public List<string> GoodFor { get; set; } = [];

    /// <summary>
    /// Lower-case hex SHA-256 of the product's content; an import compares it to tell an updated product from
    /// an unchanged one.
    /// </summary>
    public string ContentHash { get; set; } = "";

    /// <summary>Time of the first import, in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Time of the last import that changed the content, in UTC.</summary>
    public DateTime UpdatedAt { get; set; }
}
