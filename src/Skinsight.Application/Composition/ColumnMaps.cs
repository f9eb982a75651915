using Skinsight.Catalog.Import;
using Skinsight.Core;

namespace Skinsight.Application.Composition;

/// <summary>Builds a <see cref="ColumnMap"/> from <c>field=column</c> pairs given on a command line or in a request.</summary>
public static class ColumnMaps
{
    /// <summary>Field names a column map accepts, as typed by users.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "name", "ingredients", "id", "brand", "category", "price", "currency", "rating", "reviews",
        "labels", "skinTypes", "goodFor", "source",
    ];

    /// <summary>Parses <c>field=column</c> strings into a dictionary keyed by field name.</summary>
    /// <exception cref="InvalidInputException">A pair has no '=' or names an unknown field.</exception>
    public static IReadOnlyDictionary<string, string> ParsePairs(IEnumerable<string> pairs)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new InvalidInputException(
                    $"Invalid column map entry '{pair}'; write FIELD=COLUMN, e.g. name=Product Name.");
            }

            string field = pair[..equals].Trim();
            if (!FieldNames.Contains(field, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidInputException(
                    $"Unknown column map field '{field}'; use one of: {string.Join(", ", FieldNames)}.");
            }

            fields[field] = pair[(equals + 1)..].Trim();
        }

        return fields;
    }

    /// <summary>Converts fields keyed by name into a <see cref="ColumnMap"/>.</summary>
    /// <exception cref="InvalidInputException">The name or ingredients column is missing.</exception>
    public static ColumnMap FromFields(IReadOnlyDictionary<string, string> fields)
    {
        string? Get(string field) =>
            fields.FirstOrDefault(p => string.Equals(p.Key, field, StringComparison.OrdinalIgnoreCase)).Value;

        string name = Get("name")
            ?? throw new InvalidInputException("The column map needs name=COLUMN (the product name column).");
        string ingredients = Get("ingredients")
            ?? throw new InvalidInputException("The column map needs ingredients=COLUMN (the ingredient list column).");

        return new ColumnMap
        {
            Name = name,
            Ingredients = ingredients,
            Id = Get("id"),
            Brand = Get("brand"),
            Category = Get("category"),
            Price = Get("price"),
            DefaultCurrency = Get("currency") ?? "USD",
            Rating = Get("rating"),
            ReviewCount = Get("reviews"),
            Labels = Get("labels"),
            SkinTypes = Get("skinTypes"),
            GoodFor = Get("goodFor"),
            SourceName = Get("source") ?? "generic",
        };
    }
}
