using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Application.Catalog;

/// <summary>
/// The product page: the stored product fields and the fact sheet of its ingredient list, shared by
/// <c>GET /api/products/{id}</c> and <c>skinsight catalog show</c>.
/// </summary>
/// <param name="Id">Product id, <c>source:sourceId</c>.</param>
/// <param name="IngredientsRaw">The ingredient list exactly as the source gives it.</param>
/// <param name="Facts">Parsed ingredients in label order with resolution, functions, flags and sources.</param>
public sealed record ProductDetails(
    string Id,
    string Source,
    string SourceId,
    string Name,
    string Brand,
    ProductCategory Category,
    string SourceCategory,
    decimal? PriceUsd,
    decimal? Price,
    string Currency,
    double? Rating,
    int? ReviewCount,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> SkinTypes,
    IReadOnlyList<string> GoodFor,
    string IngredientsRaw,
    IngredientFactSheet Facts)
{
    public static ProductDetails From(Product product, IngredientFactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(facts);
        return new(product.Key, product.Source, product.SourceId, product.Name, product.Brand, product.Category,
            product.SourceCategory, product.PriceUsd, product.Price, product.Currency, product.Rating,
            product.ReviewCount, product.Labels, product.SkinTypes, product.GoodFor, product.IngredientsRaw, facts);
    }
}
