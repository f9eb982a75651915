using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import.Formats;

/// <summary>
/// Any CSV catalog, read through a <see cref="ColumnMap"/>. Without a map it guesses columns from common
/// names (<c>name</c>, <c>brand</c>, <c>ingredients</c>, <c>price</c>, ...).
/// </summary>
public sealed class GenericCsvFormat(ColumnMap? map = null) : CsvCatalogFormat
{
    public const string FormatName = "generic";

    public override string Name => FormatName;

    /// <summary>True when the map's columns are all in the header, or, without a map, when one can be guessed.</summary>
    public override bool Matches(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return map is null
            ? ColumnMap.Guess(header) is not null
            : MappedColumns(map).All(c => header.Contains(c, StringComparer.OrdinalIgnoreCase));
    }

    private protected override Func<CsvRow, Product> Bind(CsvTable table)
    {
        ColumnMap columns = map ?? ColumnMap.Guess(table.Header)
            ?? throw new CatalogFormatException(
                $"{table.SourceName} has no recognisable name and ingredients columns for format {Name}; " +
                $"pass a column map. Its header is: {string.Join(", ", table.Header)}.");
        table.RequireColumns(Name, MappedColumns(columns));
        var at = new Columns(table.Header, columns);
        return row => Map(row.Values, at, columns);
    }

    /// <summary>Maps one row given as values aligned with <paramref name="header"/>; used by the JSON reader.</summary>
    /// <exception cref="RowSkipException">A required value is missing or a value is invalid.</exception>
    internal static Product Map(string[] values, IReadOnlyList<string> header, ColumnMap map) =>
        Map(values, new Columns(header, map), map);

    internal static string[] MappedColumns(ColumnMap m) =>
        [.. new[]
            {
                m.Id, m.Name, m.Brand, m.Category, m.Price, m.Rating, m.ReviewCount, m.Ingredients, m.Labels,
                m.SkinTypes, m.GoodFor,
            }
            .OfType<string>()];

    private static Product Map(string[] v, Columns at, ColumnMap m)
    {
        string name = Require(v[at.Name], m.Name);
        string brand = at.Brand >= 0 ? Optional(v[at.Brand], m.Brand!) : "";
        string id = at.Id >= 0 ? Require(v[at.Id], m.Id!) : SourceIds.FromBrandAndName(brand, name);
        string category = at.Category >= 0 ? v[at.Category].Trim() : "";
        ParsedIngredientList ingredients = ParseIngredients(v[at.Ingredients], m.Ingredients);
        (decimal Amount, string Currency)? price =
            at.Price >= 0 ? FieldParser.Price(v[at.Price], m.Price!, m.DefaultCurrency) : null;
        List<string> labels = at.Labels >= 0 ? SplitList(v[at.Labels]) : [];
        string[] skinWords = at.SkinTypes >= 0 ? [.. SplitList(v[at.SkinTypes], commas: true)] : [];
        string[] concernWords = at.GoodFor >= 0 ? [.. SplitList(v[at.GoodFor], commas: true)] : [];

        return new Product
        {
            Source = m.SourceName,
            SourceId = id,
            Name = name,
            Brand = brand,
            Category = CategoryMapper.Map(name, category),
            SourceCategory = category,
            PriceUsd = price?.Currency == "USD" ? price.Value.Amount : null,
            Price = price?.Amount,
            Currency = price?.Currency ?? "",
            Rating = at.Rating >= 0 ? FieldParser.Rating(v[at.Rating], m.Rating!) : null,
            ReviewCount = at.ReviewCount >= 0 ? FieldParser.Count(v[at.ReviewCount], m.ReviewCount!) : null,
            IngredientsRaw = v[at.Ingredients],
            Ingredients = ingredients.Ingredients,
            Labels = labels,
            SkinTypes = [.. skinWords
                .Concat(labels)
                .SelectMany(w => LabelMapper.SkinTypesIn(w).DefaultIfEmpty(LabelMapper.SkinType(w) ?? ""))
                .Where(t => t.Length > 0)
                .SelectMany(t => t == "all" ? ["normal", "dry", "oily", "combination"] : new[] { t })
                .Distinct()],
            GoodFor = [.. concernWords
                .SelectMany(w => Concerns.All.Contains(w.ToLowerInvariant()) ? [w.ToLowerInvariant()] : LabelMapper.ConcernsIn(w))
                .Distinct()],
        };
    }

    private static List<string> SplitList(string text, bool commas = false)
    {
        if (PythonListLiteral.TryParse(text, out List<string> items))
        {
            return [.. items.Select(i => i.Trim()).Where(i => i.Length > 0)];
        }

        char[] separators = commas ? [';', '|', ','] : [';', '|'];
        return [.. text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>Column indexes of a map in one header; -1 for fields the map leaves out.</summary>
    private sealed class Columns(IReadOnlyList<string> header, ColumnMap m)
    {
        public int Id { get; } = IndexOf(header, m.Id);

        public int Name { get; } = IndexOf(header, m.Name);

        public int Brand { get; } = IndexOf(header, m.Brand);

        public int Category { get; } = IndexOf(header, m.Category);

        public int Price { get; } = IndexOf(header, m.Price);

        public int Rating { get; } = IndexOf(header, m.Rating);

        public int ReviewCount { get; } = IndexOf(header, m.ReviewCount);

        public int Ingredients { get; } = IndexOf(header, m.Ingredients);

        public int Labels { get; } = IndexOf(header, m.Labels);

        public int SkinTypes { get; } = IndexOf(header, m.SkinTypes);

        public int GoodFor { get; } = IndexOf(header, m.GoodFor);

        private static int IndexOf(IReadOnlyList<string> header, string? column) => column is null
            ? -1
            : header.ToList().FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
    }
}
