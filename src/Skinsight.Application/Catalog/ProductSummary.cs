using Skinsight.Core.Catalog;

namespace Skinsight.Application.Catalog;

/// <summary>The product fields shown in lists, by the CLI's search and the API's product list alike.</summary>
public sealed record ProductSummary(string Id, string Name, string Brand, ProductCategory Category, decimal? PriceUsd,
    double? Rating, IReadOnlyList<string> SkinTypes, IReadOnlyList<string> GoodFor)
{
    public static ProductSummary From(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.Key, product.Name, product.Brand, product.Category, product.PriceUsd, product.Rating,
            product.SkinTypes, product.GoodFor);
    }
}
