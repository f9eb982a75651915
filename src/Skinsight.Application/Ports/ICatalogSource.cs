using Skinsight.Core.Catalog;

namespace Skinsight.Application.Ports;

/// <summary>Reads a catalog file row by row. The host adapts <c>Skinsight.Catalog.CatalogReader</c> to it.</summary>
public interface ICatalogSource
{
    /// <summary>
    /// Streams one <see cref="CatalogRow"/> per data row. Problems with one row become a skip reason, but problems
    /// with the whole file (unknown format, missing column) throw, and the import then stores nothing.
    /// </summary>
    /// <param name="formatName">A format name such as <c>sephora-2023</c>, or null to detect it from the header.</param>
    /// <param name="columnMap">Source column names keyed by the format's column names, or null for none.</param>
    IEnumerable<CatalogRow> Read(string path, string? formatName, IReadOnlyDictionary<string, string>? columnMap);
}

/// <summary>One data row of a catalog, with either a product or the reason the row was skipped.</summary>
/// <param name="RowNumber">1-based number of the data row, not counting the header.</param>
/// <param name="BytesRead">Bytes of the file read when the row was produced, for progress; 0 when unknown.</param>
public sealed record CatalogRow(long RowNumber, Product? Product, string? SkipReason, long BytesRead = 0);
