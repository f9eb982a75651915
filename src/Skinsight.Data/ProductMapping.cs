using System.Text;
using Skinsight.Core.Catalog;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>Converts between <see cref="Product"/> and <see cref="ProductRecord"/>.</summary>
public static class ProductMapping
{
    /// <summary>
    /// Returns the lower-case hex SHA-256 of the product's JSON (<see cref="StoreJson.Options"/>). Two products
    /// hash alike exactly when every property, list order included, is equal.
    /// </summary>
    public static string ContentHash(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return StoreJson.Sha256Hex(Encoding.UTF8.GetBytes(StoreJson.Serialize(product)));
    }

    /// <summary>Copies every content property of <paramref name="product"/> into <paramref name="record"/>.</summary>
    public static void CopyContent(Product product, ProductRecord record, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(record);
        record.Source = product.Source;
        record.SourceId = product.SourceId;
        record.Name = product.Name;
        record.Brand = product.Brand;
        record.Category = product.Category;
        record.SourceCategory = product.SourceCategory;
        record.PriceUsd = product.PriceUsd;
        record.Price = product.Price;
        record.Currency = product.Currency;
        record.Rating = product.Rating;
        record.ReviewCount = product.ReviewCount;
        record.IngredientsRaw = product.IngredientsRaw;
        record.IngredientsJson = StoreJson.Serialize(product.Ingredients);
        record.LabelsJson = StoreJson.Serialize(product.Labels);
        record.SkinTypes = [.. product.SkinTypes];
        record.GoodFor = [.. product.GoodFor];
        record.ContentHash = contentHash;
    }

    /// <summary>Rebuilds the <see cref="Product"/> stored in <paramref name="record"/>.</summary>
    /// <exception cref="StoreException">The stored ingredient or label JSON is damaged.</exception>
    public static Product ToProduct(ProductRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string column = $"product {record.Source}:{record.SourceId}";
        return new Product
        {
            Source = record.Source,
            SourceId = record.SourceId,
            Name = record.Name,
            Brand = record.Brand,
            Category = record.Category,
            SourceCategory = record.SourceCategory,
            PriceUsd = record.PriceUsd,
            Price = record.Price,
            Currency = record.Currency,
            Rating = record.Rating,
            ReviewCount = record.ReviewCount,
            IngredientsRaw = record.IngredientsRaw,
            Ingredients = StoreJson.Deserialize<List<string>>(record.IngredientsJson, $"ingredients of {column}"),
            Labels = StoreJson.Deserialize<List<string>>(record.LabelsJson, $"labels of {column}"),
            SkinTypes = record.SkinTypes,
            GoodFor = record.GoodFor,
        };
    }
}
