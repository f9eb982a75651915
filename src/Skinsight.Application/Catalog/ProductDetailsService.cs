using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Skinsight.Catalog.Ingredients;
using Skinsight.Data;

namespace Skinsight.Application.Catalog;

/// <summary>
/// Builds product pages. The reference data is loaded on first use and then shared, because loading CosIng takes
/// seconds and every page needs the same data.
/// </summary>
public sealed class ProductDetailsService
{
    private readonly SkinsightStore _store;
    private readonly Lazy<IngredientReferenceData> _referenceData;

    public ProductDetailsService(SkinsightStore store, string? referenceDataFolder, ILogger<ProductDetailsService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        ILogger log = logger ?? NullLogger<ProductDetailsService>.Instance;
        _referenceData = new Lazy<IngredientReferenceData>(() => Load(referenceDataFolder, log));
    }

    /// <summary>The loaded reference data, loading it on first use.</summary>
    public IngredientReferenceData ReferenceData => _referenceData.Value;

    /// <summary>Returns the page of the product with id <c>source:sourceId</c>, or null when there is none.</summary>
    public async Task<ProductDetails?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        int colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == id.Length - 1)
        {
            return null;
        }

        var product = await _store.FindProductAsync(id[..colon], id[(colon + 1)..], cancellationToken);
        return product is null
            ? null
            : ProductDetails.From(product, IngredientFactSheetBuilder.Build(product.IngredientsRaw, ReferenceData));
    }

    private static IngredientReferenceData Load(string? folder, ILogger logger)
    {
        IngredientReferenceData data = IngredientReferenceData.LoadFolder(folder);
        foreach (ReferenceSource source in data.Sources.Where(s => !s.Available))
        {
            logger.LogWarning("Reference data {Source} is unavailable: {Problem}", source.Id, source.Problem);
        }

        return data;
    }
}
