using Skinsight.Catalog.Import;
using Skinsight.Core.Catalog;

namespace Skinsight.Ranking.Reviews;

/// <summary>Catalog facts of a reviewed product, keyed like <see cref="Review.ProductKey"/>.</summary>
/// <param name="Ingredients">Lower-case ingredient names in label order.</param>
public sealed record ProductFacts(
    ProductCategory Category,
    double? PriceUsd,
    double? Rating,
    int? ReviewCount,
    IReadOnlyList<string> Ingredients);

/// <summary>Loads <see cref="ProductFacts"/> for the reviewed products of either layout.</summary>
public static class ProductFactsReader
{
    /// <summary>
    /// Reads the catalog at <paramref name="catalogPath"/>. For Sephora this is any catalog format
    /// <see cref="CatalogReader"/> reads, keyed by source id. For Olive Young it is an optional CSV with
    /// <c>product_id</c> and <c>ingredients</c> columns. Its file name gives the essence or cream category. An
    /// empty path gives no catalog, and products then carry only the rating printed on the review rows.
    /// </summary>
    /// <exception cref="RankerDataException">The catalog file is missing or unreadable.</exception>
    public static IReadOnlyDictionary<string, ProductFacts> Read(string? catalogPath, ReviewLayout layout)
    {
        if (string.IsNullOrWhiteSpace(catalogPath))
        {
            return new Dictionary<string, ProductFacts>();
        }

        if (!File.Exists(catalogPath))
        {
            throw new RankerDataException($"The catalog file {catalogPath} was not found. Pass the product catalog CSV.");
        }

        return layout == ReviewLayout.Sephora ? ReadCatalog(catalogPath) : ReadOliveYoung(catalogPath);
    }

    private static Dictionary<string, ProductFacts> ReadCatalog(string path)
    {
        var facts = new Dictionary<string, ProductFacts>(StringComparer.Ordinal);
        try
        {
            foreach (ImportRecord record in CatalogReader.Read(path))
            {
                if (record.Product is not { } p)
                {
                    continue;
                }

                facts[p.SourceId] = new ProductFacts(
                    p.Category,
                    p.PriceUsd is { } price ? (double)price : null,
                    p.Rating,
                    p.ReviewCount,
                    [.. p.Ingredients.Select(i => i.Trim().ToLowerInvariant())]);
            }
        }
        catch (CatalogFormatException e)
        {
            throw new RankerDataException($"Cannot read the catalog {path}: {e.Message}", e);
        }

        return facts;
    }

    private static Dictionary<string, ProductFacts> ReadOliveYoung(string path)
    {
        string category = OliveYoungKeywords.CategoryOf(path);
        ProductCategory mapped = category == "essence" ? ProductCategory.Serum : ProductCategory.Moisturiser;
        var facts = new Dictionary<string, ProductFacts>(StringComparer.Ordinal);
        using var reader = ReviewReader.OpenCsv(path);
        string[] header = [.. reader.Header.ColNames];
        int idAt = Array.FindIndex(header, n => n.Trim().TrimStart('\uFEFF') == "product_id");
        int ingredientsAt = Array.FindIndex(header, n => n.Trim() == "ingredients");
        if (idAt < 0 || ingredientsAt < 0)
        {
            throw new RankerDataException(
                $"The Olive Young catalog {path} lacks a product_id or ingredients column. Pass table3_essence_ingredients.csv.");
        }

        foreach (var row in reader)
        {
            facts[category + ":" + row[idAt].ToString().Trim()] =
                new ProductFacts(mapped, null, null, null, SplitKoreanIngredients(row[ingredientsAt].ToString()));
        }

        return facts;
    }

    /// <summary>Splits <c>온천수(아벤느 온천수),나이아신아마이드(6%)</c> into names without the bracketed notes.</summary>
    internal static IReadOnlyList<string> SplitKoreanIngredients(string raw)
    {
        var names = new List<string>();
        int depth = 0;
        var current = new System.Text.StringBuilder();
        foreach (char c in raw)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c == ',' && depth == 0)
            {
                AddName(names, current);
            }
            else if (depth == 0)
            {
                current.Append(c);
            }
        }

        AddName(names, current);
        return names;
    }

    private static void AddName(List<string> names, System.Text.StringBuilder current)
    {
        string name = current.ToString().Trim().ToLowerInvariant();
        if (name.Length > 0)
        {
            names.Add(name);
        }

        current.Clear();
    }
}
