using System.Globalization;
using System.Text.Json;
using Skinsight.Catalog.Import.Formats;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import;

/// <summary>
/// Reads a catalog stored as one JSON array of product objects, mapped with the same <see cref="ColumnMap"/> as
/// the generic CSV format: each map entry names an object property. The array is read as a stream, one element
/// at a time, and every element yields exactly one <see cref="ImportRecord"/>.
/// </summary>
public static class JsonCatalogReader
{
    /// <summary>Format name that selects this reader; files ending in <c>.json</c> select it too.</summary>
    public const string FormatName = "json";

    private static readonly JsonSerializerOptions s_options = new()
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 16,
    };

    /// <summary>True when <paramref name="path"/> should be read as JSON: by format name or by extension.</summary>
    public static bool Selects(string path, string? formatName) =>
        string.Equals(formatName, FormatName, StringComparison.OrdinalIgnoreCase)
        || (string.IsNullOrWhiteSpace(formatName) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads the JSON catalog at <paramref name="path"/>. Without a map the columns are guessed from the property
    /// names of the first object, as the generic CSV format guesses them from a header.
    /// </summary>
    /// <exception cref="CatalogFormatException">
    /// The file cannot be opened, is not a JSON array or has no objects to guess columns from. It is also thrown
    /// during enumeration when the file stops being valid JSON part way, after the records read before that point.
    /// </exception>
    /// <param name="bytesRead">
    /// Receives the bytes of the file read so far after each record, on the enumerating thread; null for none.
    /// </param>
    public static IEnumerable<ImportRecord> Read(string path, ColumnMap? columnMap = null, IProgress<long>? bytesRead = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string sourceName = Path.GetFileName(path);
        ColumnMap map = columnMap ?? GuessMap(path, sourceName);
        return ReadLazily(() => Open(path), sourceName, map, bytesRead);
    }

    /// <summary>Reads a JSON catalog from an open stream; the stream is disposed when enumeration ends.</summary>
    /// <exception cref="CatalogFormatException">As for <see cref="Read(string, ColumnMap?, IProgress{long}?)"/>.</exception>
    public static IEnumerable<ImportRecord> Read(Stream json, string sourceName, ColumnMap columnMap)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(columnMap);
        return ReadLazily(() => json, sourceName, columnMap, bytesRead: null);
    }

    private static ColumnMap GuessMap(string path, string sourceName)
    {
        using Stream stream = Open(path);
        JsonElement? first = Elements(stream, sourceName).FirstOrDefault(e => e?.ValueKind == JsonValueKind.Object);
        if (first is null)
        {
            throw new CatalogFormatException(
                $"{sourceName} holds no JSON object to guess the columns from; pass a column map.");
        }

        string[] names = [.. first.Value.EnumerateObject().Select(p => p.Name)];
        return ColumnMap.Guess(names) ?? throw new CatalogFormatException(
            $"{sourceName} has no recognisable name and ingredients properties; pass a column map. "
            + $"The first object has: {string.Join(", ", names)}.");
    }

    private static Stream Open(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogFormatException($"Cannot open the catalog {path}: {e.Message}", e);
        }
    }

    private static IEnumerable<ImportRecord> ReadLazily(
        Func<Stream> open, string sourceName, ColumnMap map, IProgress<long>? bytesRead)
    {
        string[] header = GenericCsvFormat.MappedColumns(map);
        var firstRowById = new Dictionary<string, long>(StringComparer.Ordinal);
        using Stream stream = open();
        long number = 0;
        foreach (JsonElement? element in Elements(stream, sourceName))
        {
            number++;
            ImportRecord record = ReadElement(number, element, header, map, firstRowById);
            bytesRead?.Report(stream.CanSeek ? stream.Position : 0);
            yield return record;
        }
    }

    /// <summary>Enumerates the array's elements as they are read, turning a syntax error into a file error.</summary>
    private static IEnumerable<JsonElement?> Elements(Stream stream, string sourceName)
    {
        using IEnumerator<JsonElement?> elements = JsonSerializer
            .DeserializeAsyncEnumerable<JsonElement?>(stream, s_options)
            .ToBlockingEnumerable()
            .GetEnumerator();
        while (true)
        {
            try
            {
                if (!elements.MoveNext())
                {
                    yield break;
                }
            }
            catch (JsonException e)
            {
                string where = e.LineNumber is { } line ? $" at line {line + 1}" : "";

                // A valid document whose top level is not an array fails conversion, and that message names .NET types.
                string detail = e.Path == "$" && e.InnerException is null
                    ? "its top-level value is not an array, so write the products as [{...}, {...}]."
                    : e.Message;
                throw new CatalogFormatException(
                    $"{sourceName} is not a valid JSON array of objects{where}: {detail} "
                    + "Fix the file and import again; nothing from this file was stored.", e);
            }

            yield return elements.Current;
        }
    }

    private static ImportRecord ReadElement(
        long number,
        JsonElement? element,
        string[] header,
        ColumnMap map,
        Dictionary<string, long> firstRowById)
    {
        if (element is not { ValueKind: JsonValueKind.Object } item)
        {
            string kind = element?.ValueKind.ToString().ToLowerInvariant() ?? "null";
            return ImportRecord.Skip(number, $"element is a JSON {kind}, not an object");
        }

        if (!item.EnumerateObject().Any())
        {
            return ImportRecord.Skip(number, "empty row");
        }

        Product product;
        try
        {
            string[] values = [.. header.Select(column => ValueOf(item, column))];
            product = GenericCsvFormat.Map(values, header, map);
        }
        catch (RowSkipException e)
        {
            return ImportRecord.Skip(number, e.Message);
        }

        if (firstRowById.TryGetValue(product.SourceId, out long first))
        {
            return ImportRecord.Skip(number, $"duplicate of row {first} (same source id {product.SourceId})");
        }

        firstRowById[product.SourceId] = number;
        return ImportRecord.Of(number, product);
    }

    /// <summary>
    /// Returns a property as the text the CSV mapping expects: strings as they are, numbers in invariant form, a
    /// list joined by semicolons, and an empty string when the property is absent or null.
    /// </summary>
    private static string ValueOf(JsonElement item, string column)
    {
        JsonProperty? property = item.EnumerateObject()
            .Cast<JsonProperty?>()
            .FirstOrDefault(p => string.Equals(p!.Value.Name, column, StringComparison.OrdinalIgnoreCase));
        if (property is not { } found)
        {
            return "";
        }

        JsonElement value = found.Value;
        string text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.Array => JoinList(value, column),
            _ => throw new RowSkipException(
                $"property {column} is a JSON object; map a property that holds text, a number or a list"),
        };

        if (text.Length > CsvCatalogFormat.MaxFieldLength)
        {
            throw new RowSkipException(
                $"field {column} is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long, "
                + $"over the {CsvCatalogFormat.MaxFieldLength:N0} limit; the row is probably corrupt");
        }

        return text;
    }

    private static string JoinList(JsonElement array, string column)
    {
        List<string> items = [];
        foreach (JsonElement item in array.EnumerateArray())
        {
            items.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Number => item.GetRawText(),
                _ => throw new RowSkipException(
                    $"property {column} is a list holding a JSON {item.ValueKind.ToString().ToLowerInvariant()}; "
                    + "a list may hold only text or numbers"),
            });
        }

        // The generic mapping splits ingredients, labels, skin types and concerns on semicolons.
        return string.Join("; ", items);
    }
}
