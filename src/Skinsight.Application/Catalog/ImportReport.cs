namespace Skinsight.Application.Catalog;

/// <summary>The outcome of one catalog import.</summary>
/// <param name="Path">The imported file.</param>
/// <param name="RowsRead">Data rows read, skipped ones included.</param>
/// <param name="Imported">Products new to the store.</param>
/// <param name="Updated">Products whose content changed since the last import.</param>
/// <param name="Unchanged">Products stored with the same content, left untouched.</param>
/// <param name="SkippedRows">Every skipped row with its reason, in file order.</param>
public sealed record ImportReport(
    string Path,
    long RowsRead,
    int Imported,
    int Updated,
    int Unchanged,
    IReadOnlyList<SkippedRow> SkippedRows,
    TimeSpan Elapsed)
{
    public int Skipped => SkippedRows.Count;
}

/// <summary>A catalog row that was not imported, with the one-line reason.</summary>
/// <param name="RowNumber">1-based number of the data row, not counting the header.</param>
public sealed record SkippedRow(long RowNumber, string Reason);

/// <summary>
/// Progress of a running import, reported after each stored batch and every
/// <see cref="CatalogImportService.ProgressRowInterval"/> rows read.
/// </summary>
/// <param name="BytesRead">Bytes of the file read so far; 0 when the source does not report it.</param>
public sealed record ImportProgress(long RowsRead, int Imported, int Updated, int Unchanged, int Skipped, long BytesRead);
