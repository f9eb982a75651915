using Skinsight.Catalog.Import;

namespace Skinsight.Catalog.Tests;

/// <summary>Reads inline CSV text through the public reader, as a file upload would.</summary>
internal static class CatalogText
{
    public static List<ImportRecord> Read(string csv, string? format = null, ColumnMap? map = null) =>
        [.. CatalogReader.Read(new StringReader(csv), "inline.csv", format, map)];
}
