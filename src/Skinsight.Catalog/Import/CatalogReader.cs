using System.Globalization;
using Skinsight.Catalog.Import.Formats;

namespace Skinsight.Catalog.Import;

/// <summary>
/// Entry point for catalog import: picks the format (by name or from the header) and streams one
/// <see cref="ImportRecord"/> per data row, so imported plus skipped always equals the rows in the file.
/// </summary>
public static class CatalogReader
{
    private const int MaxColumnsShown = 12;
    private const int MaxColumnNameShown = 40;

    // Specific formats first: the generic one matches almost any catalog with a name and ingredients column.
    private static readonly ICatalogFormat[] s_formats =
    [
        new Sephora2023Format(),
        new SephoraCosmetics1472Format(),
        new LookFantasticFormat(),
        new OliveYoungEssenceFormat(),
        new OliveYoungProductsFormat(),
        new GenericCsvFormat(),
    ];

    /// <summary>Names accepted by <c>formatName</c>, in the order detection tries them.</summary>
    public static IReadOnlyList<string> FormatNames { get; } =
        [.. s_formats.Select(f => f.Name), JsonCatalogReader.FormatName];

    /// <summary>
    /// Reads the catalog at <paramref name="path"/>. The file is opened and checked (format, columns) before this
    /// returns, then read again lazily, one row at a time, when the result is enumerated.
    /// </summary>
    /// <param name="formatName">
    /// One of <see cref="FormatNames"/>, or null or empty to detect it: a <c>.json</c> file is read by
    /// <see cref="JsonCatalogReader"/>, any other file by the format its header matches.
    /// </param>
    /// <param name="columnMap">Columns for the <c>generic</c> format; giving one selects that format.</param>
    /// <param name="bytesRead">
    /// Receives the bytes of the file read so far after each record, on the enumerating thread; null for none.
    /// </param>
    /// <exception cref="CatalogFormatException">
    /// The file cannot be read, the format name is unknown, no format matches the header, or a needed column
    /// is missing.
    /// </exception>
    public static IEnumerable<ImportRecord> Read(
        string path,
        string? formatName = null,
        ColumnMap? columnMap = null,
        IProgress<long>? bytesRead = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (JsonCatalogReader.Selects(path, formatName))
        {
            return JsonCatalogReader.Read(path, columnMap, bytesRead);
        }

        ICatalogFormat format;
        using (CsvTable probe = CsvTable.Open(path))
        {
            format = Resolve(probe.Header, probe.SourceName, formatName, columnMap);

            // Binding checks the columns now; the records themselves are read by the second pass below.
            _ = format.Read(probe);
        }

        return ReadLazily(() => CsvTable.Open(path), format, bytesRead);
    }

    /// <summary>Reads a catalog from open text, e.g. an upload; the reader is disposed when enumeration ends.</summary>
    /// <exception cref="CatalogFormatException">As for <see cref="Read(string, string?, ColumnMap?, IProgress{long}?)"/>.</exception>
    public static IEnumerable<ImportRecord> Read(
        TextReader text,
        string sourceName,
        string? formatName = null,
        ColumnMap? columnMap = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        CsvTable table = CsvTable.FromReader(text, sourceName);
        try
        {
            ICatalogFormat format = Resolve(table.Header, sourceName, formatName, columnMap);
            return Owning(table, format.Read(table));
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    /// <summary>Returns the format with this name, or throws listing the known names.</summary>
    /// <exception cref="CatalogFormatException">No format has this name.</exception>
    public static ICatalogFormat GetFormat(string formatName, ColumnMap? columnMap = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(formatName);
        if (formatName.Equals(GenericCsvFormat.FormatName, StringComparison.OrdinalIgnoreCase))
        {
            return new GenericCsvFormat(columnMap);
        }

        return s_formats.FirstOrDefault(f => f.Name.Equals(formatName, StringComparison.OrdinalIgnoreCase))
            ?? throw new CatalogFormatException(
                $"Unknown catalog format '{formatName}'; use one of: {string.Join(", ", FormatNames)}.");
    }

    /// <summary>Returns the first format whose columns are all in <paramref name="header"/>, or null.</summary>
    public static ICatalogFormat? Detect(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return s_formats.FirstOrDefault(f => f.Matches(header));
    }

    private static ICatalogFormat Resolve(
        IReadOnlyList<string> header,
        string sourceName,
        string? formatName,
        ColumnMap? columnMap)
    {
        if (!string.IsNullOrWhiteSpace(formatName))
        {
            return GetFormat(formatName, columnMap);
        }

        if (columnMap is not null)
        {
            return new GenericCsvFormat(columnMap);
        }

        if (Detect(header) is { } detected)
        {
            return detected;
        }

        if (header.Any(column => column.Any(IsUnprintable)))
        {
            throw new CatalogFormatException(
                $"{sourceName} is not a text file, because its first line contains binary bytes; pass a UTF-8 CSV or JSON catalog.");
        }

        throw new CatalogFormatException(
            $"Cannot detect the catalog format of {sourceName} from its header ({DescribeHeader(header)}); " +
            $"give its format explicitly (one of: {string.Join(", ", FormatNames)}) or a column map.");
    }

    /// <summary>Returns true for control, replacement, unassigned and private-use characters, which binary bytes decode to.</summary>
    private static bool IsUnprintable(char c) =>
        char.IsControl(c) || c == '\uFFFD' || CharUnicodeInfo.GetUnicodeCategory(c)
            is UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse;

    /// <summary>
    /// Formats <paramref name="header"/> for an error message: at most <see cref="MaxColumnsShown"/> columns of at
    /// most <see cref="MaxColumnNameShown"/> characters, so the first line of a huge file cannot flood the terminal.
    /// </summary>
    private static string DescribeHeader(IReadOnlyList<string> header)
    {
        IEnumerable<string> columns = header.Take(MaxColumnsShown).Select(column =>
            column.Length <= MaxColumnNameShown ? column : column[..MaxColumnNameShown] + "...");
        string more = header.Count > MaxColumnsShown ? $" and {header.Count - MaxColumnsShown} more" : "";
        return string.Join(", ", columns) + more;
    }

    private static IEnumerable<ImportRecord> ReadLazily(
        Func<CsvTable> open, ICatalogFormat format, IProgress<long>? bytesRead)
    {
        using CsvTable table = open();
        foreach (ImportRecord record in format.Read(table))
        {
            bytesRead?.Report(table.BytesRead);
            yield return record;
        }
    }

    private static IEnumerable<ImportRecord> Owning(CsvTable table, IEnumerable<ImportRecord> records)
    {
        using (table)
        {
            foreach (ImportRecord record in records)
            {
                yield return record;
            }
        }
    }
}
