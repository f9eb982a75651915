using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import.Formats;

/// <summary>
/// The widely copied Sephora cosmetics.csv (about 1,472 skincare products, circa 2018) with 1/0 skin-type columns.
/// It has no id column, so the id is derived from brand and name.
/// </summary>
public sealed class SephoraCosmetics1472Format : CsvCatalogFormat
{
    public const string FormatName = "sephora-cosmetics-1472";

    private static readonly string[] Columns = ["Label", "Brand", "Name", "Price", "Rank", "Ingredients"];

    private static readonly string[] SkinTypeColumns = ["Combination", "Dry", "Normal", "Oily", "Sensitive"];

    public override string Name => FormatName;

    public override bool Matches(IReadOnlyList<string> header) =>
        Columns.Concat(SkinTypeColumns).All(c => header.Contains(c, StringComparer.OrdinalIgnoreCase));

    private protected override Func<CsvRow, Product> Bind(CsvTable table)
    {
        int[] at = table.RequireColumns(Name, Columns);
        int[] flags = table.RequireColumns(Name, SkinTypeColumns);
        return row => Map(row.Values, at, flags);
    }

    private static Product Map(string[] v, int[] at, int[] flags)
    {
        string label = v[at[0]].Trim();
        string brand = Require(v[at[1]], Columns[1]);
        string name = Require(v[at[2]], Columns[2]);
        ParsedIngredientList ingredients = ParseIngredients(v[at[5]], Columns[5]);
        (decimal Amount, string Currency)? price = FieldParser.Price(v[at[3]], Columns[3], "USD");

        // Rank 0 marks an unrated product in this catalog, not a zero-star rating.
        double? rating = FieldParser.Rating(v[at[4]], Columns[4]);
        string[] skinTypes = [.. SkinTypeColumns.Where((_, i) => FieldParser.Flag(v[flags[i]]))];

        return new Product
        {
            Source = FormatName,
            SourceId = SourceIds.FromBrandAndName(brand, name),
            Name = name,
            Brand = brand,
            Category = CategoryMapper.Map(name, label),
            SourceCategory = label,
            PriceUsd = price?.Currency == "USD" ? price.Value.Amount : null,
            Price = price?.Amount,
            Currency = price?.Currency ?? "",
            Rating = rating is 0 ? null : rating,
            IngredientsRaw = v[at[5]],
            Ingredients = ingredients.Ingredients,
            Labels = [.. skinTypes.Select(t => "skin:" + t)],
            SkinTypes = [.. skinTypes.Select(t => t.ToLowerInvariant())],
        };
    }
}
