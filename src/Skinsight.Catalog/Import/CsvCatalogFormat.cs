using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import;

/// <summary>
/// Base of the CSV catalog formats. It checks what every format needs (column count, field length, duplicate ids,
/// a usable ingredient list) and turns each problem into a skip reason, so every row yields exactly one record.
/// </summary>
public abstract class CsvCatalogFormat : ICatalogFormat
{
    /// <summary>Longest field accepted, in characters; the longest real ingredient list seen
    /// (Sephora 2023) is 7,931.</summary>
    public const int MaxFieldLength = 65_536;

    public abstract string Name { get; }

    public abstract bool Matches(IReadOnlyList<string> header);

    /// <inheritdoc />
    public IEnumerable<ImportRecord> Read(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);

        // Bind before the iterator starts, so a missing column throws here rather than on the first MoveNext.
        Func<CsvRow, Product> map = Bind(table);
        return ReadRows(table, map);
    }

    /// <summary>Resolves the columns this format needs and returns the function that maps one row.</summary>
    /// <exception cref="CatalogFormatException">A needed column is missing.</exception>
    private protected abstract Func<CsvRow, Product> Bind(CsvTable table);

    /// <summary>Parses an ingredient list and skips the row when it has no ingredient names.</summary>
    private protected static ParsedIngredientList ParseIngredients(string raw, string column)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Trim() is "[]" or "-" or "nan")
        {
            throw new RowSkipException($"no ingredient list (column {column} is empty)");
        }

        ParsedIngredientList parsed = InciParser.Parse(raw);
        if (parsed.Ingredients.Count == 0)
        {
            throw new RowSkipException(
                $"no ingredient names in column {column}: '{FieldParser.Shorten(raw)}'");
        }

        return parsed;
    }

    // Error values a spreadsheet writes into a cell it could not compute. A sheet that reads a name such as
    // "+Retinol Eye Cream" as a formula saves #NAME? in its place.
    private static readonly string[] s_spreadsheetErrors = ["#NAME?", "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NULL!"];

    /// <summary>Returns the trimmed value, or skips the row when it is empty or a spreadsheet error value.</summary>
    private protected static string Require(string value, string column)
    {
        string trimmed = Optional(value, column);
        return trimmed.Length > 0 ? trimmed : throw new RowSkipException($"missing value in column {column}");
    }

    /// <summary>Returns the trimmed value, which may be empty, or skips the row when it is a spreadsheet error value.</summary>
    private protected static string Optional(string value, string column)
    {
        string trimmed = value.Trim();
        if (s_spreadsheetErrors.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            throw new RowSkipException(
                $"column {column} contains the spreadsheet error {trimmed} instead of a value; fix the cell in the source file");
        }

        return trimmed;
    }

    private static IEnumerable<ImportRecord> ReadRows(CsvTable table, Func<CsvRow, Product> map)
    {
        var firstRowById = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (CsvRow row in table.Rows())
        {
            yield return ReadRow(row, table.Header, map, firstRowById);
        }
    }

    private static ImportRecord ReadRow(
        CsvRow row,
        IReadOnlyList<string> header,
        Func<CsvRow, Product> map,
        Dictionary<string, long> firstRowById)
    {
        string? problem = CheckShape(row, header);
        if (problem is not null)
        {
            return ImportRecord.Skip(row.Number, problem);
        }

        Product product;
        try
        {
            product = map(row);
        }
        catch (RowSkipException e)
        {
            return ImportRecord.Skip(row.Number, e.Message);
        }

        if (firstRowById.TryGetValue(product.SourceId, out long first))
        {
            return ImportRecord.Skip(row.Number, $"duplicate of row {first} (same source id {product.SourceId})");
        }

        firstRowById[product.SourceId] = row.Number;
        return ImportRecord.Of(row.Number, product);
    }

    private static string? CheckShape(CsvRow row, IReadOnlyList<string> header)
    {
        if (row.Values.All(string.IsNullOrWhiteSpace))
        {
            return "empty row";
        }

        if (row.Values.Length != header.Count)
        {
            string hint = row.LineTo - row.LineFrom > 2
                ? UnclosedQuoteHint(row, header)
                : "check for an unquoted comma or quote";
            return $"row has {row.Values.Length} columns but the header has {header.Count}; {hint}";
        }

        // With the column count intact, an unclosed quote shows as a row spanning lines with a stray quote
        // next to a comma or line break, where a closing quote would have ended the field.
        if (row.LineTo - row.LineFrom > 1 && row.Values.Any(HasStrayQuote))
        {
            return UnclosedQuoteHint(row, header);
        }

        for (int i = 0; i < row.Values.Length; i++)
        {
            // A file read from disk marks bytes that are not UTF-8, as in a Windows-1252 export. Importing the row
            // would store a garbled name or ingredient list, so it is skipped with the cause.
            if (row.Values[i].Contains(CsvTable.InvalidByteMark))
            {
                return $"field {header[i]} contains bytes that are not UTF-8 (the file is probably in another "
                    + "encoding, such as Windows-1252); save it as UTF-8 and import again";
            }

            if (row.Values[i].Length > MaxFieldLength)
            {
                return $"field {header[i]} is {row.Values[i].Length:N0} characters long, " +
                    $"over the {MaxFieldLength:N0} limit; the row is probably corrupt";
            }
        }

        return null;
    }

    /// <summary>
    /// Describes a row that an unclosed quote made span several lines, naming the column where the quoted
    /// field starts. The lines the quote swallowed belong to this row, so their products are not imported.
    /// </summary>
    private static string UnclosedQuoteHint(CsvRow row, IReadOnlyList<string> header)
    {
        int column = Array.FindIndex(row.Values, v => v.Contains('\n') || v.Contains('\r'));
        string where = column >= 0 && column < header.Count ? $" in column {header[column]}" : "";
        return $"the row spans lines {row.LineFrom}-{row.LineTo - 1}, so a quote{where} is probably not closed; "
            + "the rows on those lines were read into this one and are lost, so close the quote and import again";
    }

    private static bool HasStrayQuote(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '"')
            {
                continue;
            }

            bool before = i > 0 && value[i - 1] is ',' or '\n' or '\r';
            bool after = i + 1 < value.Length && value[i + 1] is ',' or '\n' or '\r';
            if (before || after)
            {
                return true;
            }
        }

        return false;
    }
}
