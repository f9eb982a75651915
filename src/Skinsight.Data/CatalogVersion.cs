namespace Skinsight.Data;

/// <summary>
/// A cheap fingerprint of the product catalog: it changes whenever an import inserts or updates a product,
/// so a cached product list can be kept while it stays equal.
/// </summary>
/// <param name="ProductCount">Number of stored products.</param>
/// <param name="LastChangedAt">Latest <c>UpdatedAt</c> of any product in UTC, or null for an empty catalog.</param>
public readonly record struct CatalogVersion(int ProductCount, DateTime? LastChangedAt);
