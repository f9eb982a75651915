namespace Skinsight.Catalog.Import;

/// <summary>
/// The source column of each product field, for catalogs read with the <c>generic</c> format.
/// Only <see cref="Name"/> and <see cref="Ingredients"/> are required; unmapped fields stay empty.
/// </summary>
public sealed record ColumnMap
{
    /// <summary>Column with the source's product id; when null the id is derived from brand and name.</summary>
    public string? Id { get; init; }

    public required string Name { get; init; }

    public string? Brand { get; init; }

    /// <summary>Column with the category text, mapped onto <see cref="Core.Catalog.ProductCategory"/>.</summary>
    public string? Category { get; init; }

    /// <summary>Column with the price, e.g. <c>12.50</c>, <c>$1,200</c> or <c>£13.00</c>.</summary>
    public string? Price { get; init; }

    /// <summary>ISO 4217 currency of prices that carry no currency mark.</summary>
    public string DefaultCurrency { get; init; } = "USD";

    public string? Rating { get; init; }

    public string? ReviewCount { get; init; }

    public required string Ingredients { get; init; }

    /// <summary>Column with labels as a Python list or separated by <c>;</c> or <c>|</c>.</summary>
    public string? Labels { get; init; }

    /// <summary>Column with skin types (oily, dry, combo, ...), separated like <see cref="Labels"/> or by commas.</summary>
    public string? SkinTypes { get; init; }

    /// <summary>Column with concerns in words (acne, dark spots, ...), separated like <see cref="SkinTypes"/>.</summary>
    public string? GoodFor { get; init; }

    /// <summary>Value written to <c>Product.Source</c>; names the catalog in the store.</summary>
    public string SourceName { get; init; } = "generic";

    /// <summary>Column names tried for each field when no map is given, e.g. <c>product_name</c> for the name.</summary>
    private static readonly (string Field, string[] Names)[] Synonyms =
    [
        ("id", ["id", "product_id", "sku", "productid"]),
        ("name", ["name", "product_name", "product", "title", "productname"]),
        ("brand", ["brand", "brand_name", "manufacturer", "brandname"]),
        ("category", ["category", "product_type", "type", "label", "categories"]),
        ("price", ["price", "price_usd", "price_gbp", "price_eur"]),
        ("rating", ["rating", "rank", "stars", "average_rating"]),
        ("reviews", ["reviews", "review_count", "reviews_count", "num_reviews"]),
        ("ingredients", ["ingredients", "inci", "ingredient_list", "clean_ingreds", "ingredients_list"]),
        ("labels", ["labels", "highlights", "tags"]),
        ("skin", ["skin_types", "skin_type", "skintype"]),
        ("goodfor", ["good_for", "concerns", "skin_concerns"]),
    ];

    /// <summary>Returns a map built from common column names, or null when no name or ingredients column is found.</summary>
    public static ColumnMap? Guess(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string? Find(string field) => Synonyms.First(s => s.Field == field).Names
            .Select(n => header.FirstOrDefault(h => h.Equals(n, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(h => h is not null);

        string? name = Find("name");
        string? ingredients = Find("ingredients");
        if (name is null || ingredients is null)
        {
            return null;
        }

        return new ColumnMap
        {
            Id = Find("id"),
            Name = name,
            Brand = Find("brand"),
            Category = Find("category"),
            Price = Find("price"),
            Rating = Find("rating"),
            ReviewCount = Find("reviews"),
            Ingredients = ingredients,
            Labels = Find("labels"),
            SkinTypes = Find("skin"),
            GoodFor = Find("goodfor"),
        };
    }
}
