using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Catalog;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    /// <summary>Starts a catalog import that commits all its batches at once (see <see cref="ProductImportSession"/>).</summary>
    public async Task<ProductImportSession> BeginProductImportAsync(CancellationToken cancellationToken = default)
    {
        var context = CreateContext();
        try
        {
            return await ProductImportSession.BeginAsync(context, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            await context.DisposeAsync();
            throw new StoreException(
                $"Starting the import failed because the store {Spec.Description} stayed locked past the busy timeout, so another import may be running. Retry once it has finished.",
                ex);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    /// <summary>Upserts one batch in its own transaction, as <see cref="ProductImportSession.UpsertAsync"/> does.</summary>
    public async Task<UpsertCounts> UpsertProductsAsync(
        IReadOnlyList<Product> products,
        CancellationToken cancellationToken = default)
    {
        await using var session = await BeginProductImportAsync(cancellationToken);
        var counts = await session.UpsertAsync(products, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return counts;
    }

    public async Task<int> CountProductsAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Products.CountAsync(cancellationToken);
    }

    /// <summary>Returns the current <see cref="CatalogVersion"/>.</summary>
    public async Task<CatalogVersion> GetCatalogVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        int count = await context.Products.CountAsync(cancellationToken);
        var lastChanged = await context.Products.MaxAsync(p => (DateTime?)p.UpdatedAt, cancellationToken);
        return new CatalogVersion(count, lastChanged);
    }

    /// <summary>Returns the product with this source and source id, or null.</summary>
    public async Task<Product?> FindProductAsync(string source, string sourceId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var record = await context.Products
            .AsNoTracking()
            .SingleOrDefaultAsync(p => p.Source == source && p.SourceId == sourceId, cancellationToken);
        return record is null ? null : ProductMapping.ToProduct(record);
    }

    /// <summary>Loads every product in <paramref name="categories"/>, or every product when it is null.</summary>
    /// <remarks>Products come in (Source, SourceId) order, so the planner gets them in the same order on every call.</remarks>
    public async Task<IReadOnlyList<Product>> LoadProductsAsync(
        IReadOnlyCollection<ProductCategory>? categories = null,
        CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var query = context.Products.AsNoTracking();
        if (categories is not null)
        {
            var categoryList = categories.ToList();
            query = query.Where(p => categoryList.Contains(p.Category));
        }

        var records = await query.OrderBy(p => p.Source).ThenBy(p => p.SourceId).ToListAsync(cancellationToken);
        return records.Select(ProductMapping.ToProduct).ToList();
    }
    /// <summary>Searches the catalog; results are ordered by rating count, then name.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Skip is negative, or Take is not between 1 and <see cref="ProductQuery.MaxTake"/>.</exception>
    public async Task<ProductPage> SearchProductsAsync(ProductQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Take);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Take, ProductQuery.MaxTake);

        await using var context = CreateContext();
        var products = context.Products.AsNoTracking();
        foreach (string word in (query.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string lower = word.ToLowerInvariant();
            products = products.Where(p => p.Name.ToLower().Contains(lower) || p.Brand.ToLower().Contains(lower));
        }

        if (query.Category is { } category)
        {
            products = products.Where(p => p.Category == category);
        }

        if (query.MinPriceUsd is { } minPrice)
        {
            products = products.Where(p => p.PriceUsd != null && p.PriceUsd >= minPrice);
        }

        if (query.MaxPriceUsd is { } maxPrice)
        {
            products = products.Where(p => p.PriceUsd != null && p.PriceUsd <= maxPrice);
        }

        if (!string.IsNullOrWhiteSpace(query.SkinType))
        {
            string skinType = query.SkinType.Trim().ToLowerInvariant();
            products = products.Where(p => p.SkinTypes.Contains(skinType));
        }

        if (!string.IsNullOrWhiteSpace(query.Concern))
        {
            string concern = query.Concern.Trim().ToLowerInvariant();
            products = products.Where(p => p.GoodFor.Contains(concern));
        }

        foreach (string ingredient in query.FreeOf ?? [])
        {
            string lower = ingredient.Trim().ToLowerInvariant();
            if (lower.Length > 0)
            {
                products = products.Where(p => !p.IngredientsRaw.ToLower().Contains(lower));
            }
        }

        var ordered = products
            .OrderByDescending(p => p.ReviewCount ?? 0)
            .ThenBy(p => p.Name)
            .ThenBy(p => p.Id);
        if (query.IngredientTest is { } test)
        {
            var candidates = await ordered.ToListAsync(cancellationToken);
            var passed = candidates.Select(ProductMapping.ToProduct).Where(p => test(p.Ingredients)).ToList();
            return new ProductPage(passed.Count, passed.Skip(query.Skip).Take(query.Take).ToList());
        }

        int total = await products.CountAsync(cancellationToken);
        var records = await ordered
            .Skip(query.Skip)
            .Take(query.Take)
            .ToListAsync(cancellationToken);
        return new ProductPage(total, records.Select(ProductMapping.ToProduct).ToList());
    }
}
