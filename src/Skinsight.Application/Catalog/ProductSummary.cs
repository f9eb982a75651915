using Skinsight.Core.Catalog;

namespace Skinsight.Application.Catalog;

/// <summary>The product fields shown in lists, by the CLI's search and the API's product list alike.</summary>
/// <param name="PriceUsd">The price in US dollars; null when the source priced it in another currency or not at all.</param>
/// <param name="Price">The price in the source's currency, so that a product priced in pounds or euros still shows one.</param>
/// <param name="Currency">ISO 4217 code of <paramref name="Price"/>; empty when there is no price.</param>
public sealed record ProductSummary(string Id, string Name, string Brand, ProductCategory Category, decimal? PriceUsd,
    double? Rating, IReadOnlyList<string> SkinTypes, IReadOnlyList<string> GoodFor, decimal? Price, string Currency)
{
    public static ProductSummary From(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.Key, product.Name, product.Brand, product.Category, product.PriceUsd, product.Rating,
            product.SkinTypes, product.GoodFor, product.Price, product.Currency);
    }
}
