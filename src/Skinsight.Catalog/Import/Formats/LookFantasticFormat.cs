using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import.Formats;

/// <summary>
/// LookFantastic skincare_products_clean.csv (UK, about 2020): names with sizes, GBP prices and pre-cleaned,
/// lower-case ingredient lists as Python-list literals. It has no brand or id column.
/// </summary>
public sealed class LookFantasticFormat : CsvCatalogFormat
{
    public const string FormatName = "lookfantastic";

    private static readonly string[] Columns = ["product_name", "product_url", "product_type", "clean_ingreds", "price"];

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
        string name = Require(v[at[0]], Columns[0]);
        string type = v[at[2]].Trim();
        ParsedIngredientList ingredients = ParseIngredients(v[at[3]], Columns[3]);
        (decimal Amount, string Currency)? price = FieldParser.Price(v[at[4]], Columns[4], "GBP");

        // Product names are unique in this catalog while URLs repeat across sizes, so the name is the id.
        // NOTE: the catalog has no brand column; Brand stays empty rather than guessed from the name.
        return new Product
        {
            Source = FormatName,
            SourceId = SourceIds.Slug(name),
            Name = name,
            Brand = "",
            Category = CategoryMapper.Map(name, type),
            SourceCategory = type,
            PriceUsd = price?.Currency == "USD" ? price.Value.Amount : null,
            Price = price?.Amount,
            Currency = price?.Currency ?? "",
            IngredientsRaw = v[at[3]],
            Ingredients = ingredients.Ingredients,
            Labels = type.Length > 0 ? ["type:" + type] : [],
        };
    }
}
