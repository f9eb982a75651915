using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import.Formats;

/// <summary>
/// Olive Young essences, serums and ampoules (Korea, January 2026): <c>table3_essence_ingredients.csv</c> contains
/// the full Korean ingredient list of each product as printed, and <c>table2_essence_basic.csv</c> beside it
/// gives the name, brand and category by <c>product_id</c>.
/// </summary>
public sealed class OliveYoungEssenceFormat : CsvCatalogFormat
{
    public const string FormatName = "oliveyoung-essence";

    /// <summary>File name of the product table read from the folder of the ingredient table.</summary>
    public const string ProductTableName = "table2_essence_basic.csv";

    private static readonly string[] Columns = ["product_id", "product_url", "ingredients", "ok", "error"];

    private static readonly string[] ProductColumns = ["product_id", "category", "brand", "product_name"];

    public override string Name => FormatName;

    public override bool Matches(IReadOnlyList<string> header) =>
        Columns.All(c => header.Contains(c, StringComparer.OrdinalIgnoreCase));

    private protected override Func<CsvRow, Product> Bind(CsvTable table)
    {
        int[] at = table.RequireColumns(Name, Columns);
        Dictionary<string, (string Category, string Brand, string Name)> products = ReadProductTable(table);
        return row => Map(row.Values, at, products);
    }

    /// <exception cref="CatalogFormatException">The product table is not beside the file, or lacks a column.</exception>
    private static Dictionary<string, (string Category, string Brand, string Name)> ReadProductTable(CsvTable table)
    {
        string? folder = table.FilePath is null ? null : Path.GetDirectoryName(table.FilePath);
        string? path = folder is null ? null : Path.Combine(folder, ProductTableName);
        if (path is null || !File.Exists(path))
        {
            throw new CatalogFormatException(
                $"Format {FormatName} reads product names from {ProductTableName} in the folder of {table.SourceName}, "
                + "and none is there; import the file from its data set folder.");
        }

        var products = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        using CsvTable productTable = CsvTable.Open(path);
        int[] at = productTable.RequireColumns(FormatName, ProductColumns);
        foreach (CsvRow row in productTable.Rows())
        {
            if (row.Values.Length > at.Max())
            {
                products.TryAdd(row.Values[at[0]].Trim(), (row.Values[at[1]].Trim(), row.Values[at[2]].Trim(), row.Values[at[3]]));
            }
        }

        return products;
    }

    private static Product Map(string[] v, int[] at, Dictionary<string, (string Category, string Brand, string Name)> products)
    {
        string id = Require(v[at[0]], Columns[0]);
        if (!FieldParser.Flag(v[at[3]]))
        {
            throw new RowSkipException($"the crawl of this product failed (ok={v[at[3]].Trim()}, error: "
                + $"'{FieldParser.Shorten(v[at[4]].Trim())}')");
        }

        if (!products.TryGetValue(id, out var product))
        {
            throw new RowSkipException($"product_id {id} is not in {ProductTableName}, so the product has no name");
        }

        string name = OliveYoungLists.CleanName(Require(product.Name, "product_name"));
        IReadOnlyList<string> ingredients = OliveYoungLists.ParseIngredients(v[at[2]], Columns[2]);
        return new Product
        {
            Source = FormatName,
            SourceId = id,
            Name = name,
            Brand = product.Brand,
            Category = OliveYoungLists.MapCategory(product.Category, name),
            SourceCategory = product.Category,
            IngredientsRaw = v[at[2]],
            Ingredients = ingredients,
            Labels = product.Category.Length > 0 ? ["category:" + product.Category] : [],
        };
    }
}
