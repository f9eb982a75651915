using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import;

/// <summary>
/// The outcome of reading one data row of a catalog: either a product or the reason the row was skipped.
/// </summary>
/// <param name="RowNumber">1-based number of the data row in the file, not counting the header.</param>
/// <param name="Product">The imported product; null when the row was skipped.</param>
/// <param name="SkipReason">One line saying why the row was skipped; null when a product was imported.</param>
public sealed record ImportRecord(long RowNumber, Product? Product, string? SkipReason)
{
    public bool Imported => Product is not null;

    public static ImportRecord Of(long rowNumber, Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new ImportRecord(rowNumber, product, null);
    }

    public static ImportRecord Skip(long rowNumber, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new ImportRecord(rowNumber, null, reason);
    }
}
