namespace Skinsight.Catalog.Import;

/// <summary>One source catalog layout that can be turned into products.</summary>
public interface ICatalogFormat
{
    /// <summary>Stable name used on the command line, e.g. <c>sephora-2023</c>.</summary>
    string Name { get; }

    /// <summary>True when a file with this header is in this format.</summary>
    bool Matches(IReadOnlyList<string> header);

    /// <summary>Reads every data row of <paramref name="table"/>, yielding exactly one record per row.</summary>
    /// <exception cref="CatalogFormatException">A column the format needs is missing from the header.</exception>
    IEnumerable<ImportRecord> Read(CsvTable table);
}
