using System.Globalization;
using nietras.SeparatedValues;
using Skinsight.Application.Ports;
using Skinsight.Core.Catalog;

namespace Skinsight.Application.Tests.RealData;

/// <summary>
/// A deliberately small reader for the layout of the 2023 Sephora <c>product_info.csv</c>, so that the import
/// can be measured on real rows before the Catalog project's reader is merged. It is test scaffolding, not a
/// catalog format, so categories are mapped coarsely and ingredients are split on commas.
/// </summary>
internal sealed class Sephora2023TestSource : ICatalogSource
{
    private static readonly Dictionary<string, ProductCategory> s_skincareCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Cleansers"] = ProductCategory.Cleanser,
        ["Moisturizers"] = ProductCategory.Moisturiser,
        ["Treatments"] = ProductCategory.Serum,
        ["Sunscreen"] = ProductCategory.Sunscreen,
        ["Masks"] = ProductCategory.Mask,
        ["Eye Care"] = ProductCategory.EyeCare,
        ["Lip Balms & Treatments"] = ProductCategory.LipCare,
        ["Self Tanners"] = ProductCategory.Other,
    };

    public IEnumerable<CatalogRow> Read(string path, string? formatName, IReadOnlyDictionary<string, string>? columnMap)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        long number = 0;
        foreach (var row in reader)
        {
            number++;
            string id = row["product_id"].ToString();
            string name = row["product_name"].ToString();
            if (id.Length == 0 || name.Length == 0)
            {
                yield return new CatalogRow(number, null, "The product id or name is empty.");
                continue;
            }

            yield return new CatalogRow(number, ToProduct(id, name, row), null);
        }
    }

    private static Product ToProduct(string id, string name, SepReader.Row row)
    {
        string primary = row["primary_category"].ToString();
        string secondary = row["secondary_category"].ToString();
        string ingredients = row["ingredients"].ToString();
        var category = primary == "Skincare" && s_skincareCategories.TryGetValue(secondary, out var mapped)
            ? mapped
            : ProductCategory.Other;

        return new Product
        {
            Source = "sephora-2023",
            SourceId = id,
            Name = name,
            Brand = row["brand_name"].ToString(),
            Category = category,
            SourceCategory = $"{primary}/{secondary}/{row["tertiary_category"].ToString()}",
            PriceUsd = ParseDecimal(row["price_usd"].ToString()),
            Rating = ParseDouble(row["rating"].ToString()),
            ReviewCount = (int?)ParseDouble(row["reviews"].ToString()),
            IngredientsRaw = ingredients,
            Ingredients = ingredients
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.ToLowerInvariant())
                .ToList(),
            Labels = row["highlights"].ToString()
                .Trim('[', ']')
                .Split("', '", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Trim('\''))
                .ToList(),
        };
    }

    private static decimal? ParseDecimal(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) ? value : null;

    private static double? ParseDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}
