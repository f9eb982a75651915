using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import.Formats;

/// <summary>
/// Olive Young <c>final_products.csv</c> (Korea, January 2026): 611 products of five categories with Korean
/// ingredient lists as Python list literals, translated to INCI where the Korean table has the name.
/// </summary>
/// <remarks>
/// NOTE: these lists were cleaned by the data set's authors and leave out common base ingredients (none lists
/// water), so an ingredient check passes names it never saw; prefer <c>oliveyoung-essence</c> where it has the
/// product.
/// </remarks>
public sealed class OliveYoungProductsFormat : CsvCatalogFormat
{
    public const string FormatName = "oliveyoung-products";

    private static readonly string[] Columns = ["product_id", "category", "brand", "product_name", "ingredients", "product_rating"];

    public override string Name => FormatName;

    public override bool Matches(IReadOnlyList<string> header) =>
        Columns.All(c => header.Contains(c, StringComparer.OrdinalIgnoreCase));

    private protected override Func<CsvRow, Product> Bind(CsvTable table)
    {
        int[] at = table.RequireColumns(Name, Columns);
        return row => Map(row.Values, at);
    }

    private static Product Map(string[] v, int[] at)
    {
        string id = Require(v[at[0]], Columns[0]);
        string category = v[at[1]].Trim();
        string name = OliveYoungLists.CleanName(Require(v[at[3]], Columns[3]));
        IReadOnlyList<string> ingredients = OliveYoungLists.ParseIngredients(v[at[4]], Columns[4]);

        return new Product
        {
            Source = FormatName,
            SourceId = id,
            Name = name,
            Brand = v[at[2]].Trim(),
            Category = OliveYoungLists.MapCategory(category, name),
            SourceCategory = category,
            Rating = FieldParser.Rating(v[at[5]], Columns[5]),
            IngredientsRaw = v[at[4]],
            Ingredients = ingredients,
            Labels = category.Length > 0 ? ["category:" + category] : [],
        };
    }
}
