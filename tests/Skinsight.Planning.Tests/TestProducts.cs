using Skinsight.Core.Catalog;

namespace Skinsight.Planning.Tests;

/// <summary>Builds small hand-made catalogs for planner tests.</summary>
internal static class TestProducts
{
    public static Product Make(
        string id,
        ProductCategory category,
        decimal price,
        string[] ingredients,
        double rating = 4.0,
        string? name = null,
        string[]? skinTypes = null)
    {
        return new Product
        {
            Source = "test",
            SourceId = id,
            Name = name ?? id,
            Brand = "Brand " + id,
            Category = category,
            PriceUsd = price,
            Rating = rating,
            ReviewCount = 100,
            Ingredients = ingredients,
            SkinTypes = skinTypes ?? [],
        };
    }

    public static Product Cleanser(string id, decimal price = 10, params string[] extra) =>
        Make(id, ProductCategory.Cleanser, price, ["Water", "Glycerin", "Coco-Glucoside", .. extra]);

    public static Product Moisturiser(string id, decimal price = 20, params string[] extra) =>
        Make(id, ProductCategory.Moisturiser, price, ["Water", "Glycerin", "Squalane", .. extra]);

    public static Product Sunscreen(string id, int spf, decimal price = 25, params string[] extra) =>
        Make(id, ProductCategory.Sunscreen, price, ["Water", "Zinc Oxide", .. extra], name: $"{id} SPF {spf}");

    public static Product Serum(string id, decimal price, params string[] ingredients) =>
        Make(id, ProductCategory.Serum, price, ["Water", .. ingredients]);

    /// <summary>A catalog with one product for each step and each fake active.</summary>
    public static List<Product> Basic() =>
    [
        Cleanser("cleanser"),
        Moisturiser("moisturiser"),
        Sunscreen("sunscreen", 50),
        Serum("retinol-serum", 40, "Retinol"),
        Serum("bakuchiol-serum", 35, "Bakuchiol"),
        Serum("glycolic-toner", 20, "Glycolic Acid"),
        Serum("salicylic-serum", 22, "Salicylic Acid"),
        Serum("bpo-gel", 15, "Benzoyl Peroxide"),
        Serum("niacinamide-serum", 12, "Niacinamide"),
        Serum("vitamin-c-serum", 30, "Ascorbic Acid"),
        Serum("hydroquinone-cream", 28, "Hydroquinone"),
        Serum("hyaluronic-serum", 18, "Sodium Hyaluronate"),
    ];
}
