using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import.Formats;

/// <summary>
/// Sephora product_info.csv (scraped March 2023): all categories, of which only <c>primary_category</c>
/// Skincare rows become products. Ingredients and highlights are Python-list literals.
/// </summary>
public sealed class Sephora2023Format : CsvCatalogFormat
{
    public const string FormatName = "sephora-2023";

    private const string Skincare = "Skincare";

    private static readonly string[] Columns =
    [
        "product_id", "product_name", "brand_name", "primary_category", "secondary_category", "tertiary_category",
        "ingredients", "highlights", "price_usd", "rating", "reviews",
    ];

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
        string primary = v[at[3]].Trim();
        string secondary = v[at[4]].Trim();
        string tertiary = v[at[5]].Trim();
        bool skincarePrimary = primary.Equals(Skincare, StringComparison.OrdinalIgnoreCase);

        // Mini Size and Men rows name Skincare as their secondary category.
        if (!skincarePrimary && !secondary.Equals(Skincare, StringComparison.OrdinalIgnoreCase))
        {
            throw new RowSkipException($"not a skincare product (primary_category={primary})");
        }

        string id = Require(v[at[0]], Columns[0]);
        string name = Require(v[at[1]], Columns[1]);
        ParsedIngredientList ingredients = ParseIngredients(v[at[6]], Columns[6]);
        List<string> labels = PythonListLiteral.ParseOrSingle(v[at[7]]);
        (decimal Amount, string Currency)? price = FieldParser.Price(v[at[8]], Columns[8], "USD");

        // Men's tertiary categories mix kinds ("Moisturizer & Treatments") and Mini Size rows have none, so for
        // those rows the name is read first and the tertiary text only when the name names no category.
        ProductCategory category = skincarePrimary
            ? CategoryMapper.Map(name, tertiary, secondary)
            : CategoryMapper.Map(tertiary, name);

        return new Product
        {
            Source = FormatName,
            SourceId = id,
            Name = name,
            Brand = v[at[2]].Trim(),
            Category = category,
            SourceCategory = string.Join('/', new[] { primary, secondary, tertiary }.Where(s => s.Length > 0)),
            PriceUsd = price?.Currency == "USD" ? price.Value.Amount : null,
            Price = price?.Amount,
            Currency = price?.Currency ?? "",
            Rating = FieldParser.Rating(v[at[9]], Columns[9]),
            ReviewCount = FieldParser.Count(v[at[10]], Columns[10]),
            IngredientsRaw = v[at[6]],
            Ingredients = ingredients.Ingredients,
            Labels = labels,
            SkinTypes = [.. labels.SelectMany(LabelMapper.SkinTypesIn).Distinct()],
            GoodFor = [.. labels
                .Where(l => l.StartsWith("Good for", StringComparison.OrdinalIgnoreCase))
                .SelectMany(LabelMapper.ConcernsIn)
                .Distinct()],
        };
    }
}
