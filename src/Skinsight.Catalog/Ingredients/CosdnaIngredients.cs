using System.Text.Json;
using Skinsight.Catalog.Import;

namespace Skinsight.Catalog.Ingredients;

/// <summary>
/// CosDNA's acne (pore-clogging) and irritant ratings of one ingredient, each 0 to 5. A rating CosDNA gives as a
/// range, such as 0-2, contains every value of the range; an empty list means CosDNA gives no rating.
/// </summary>
public sealed record CosdnaIngredient(
    string Name,
    IReadOnlyList<string> Functions,
    IReadOnlyList<int> Acne,
    IReadOnlyList<int> Irritant);

/// <summary>
/// The CosDNA ingredient table as a JSON Lines file: one object per line with <c>name</c>, <c>function</c>,
/// <c>acne</c>, <c>irritant</c> and <c>synonym</c>, matched on <see cref="InciNames.Key"/> of the name and of
/// each synonym.
/// </summary>
/// <remarks>
/// NOTE: CosDNA rates only a small part of its ingredients (163 of the 4,156 in the 2020 scrape have an acne
/// rating), so a missing rating means "not rated", not "zero".
/// </remarks>
public sealed class CosdnaIngredients
{
    private readonly Dictionary<string, CosdnaIngredient> _byKey = new(StringComparer.Ordinal);

    private CosdnaIngredients(List<(CosdnaIngredient Ingredient, IReadOnlyList<string> Synonyms)> rows)
    {
        // Own names first, so that a synonym never hides another ingredient's own entry.
        foreach ((CosdnaIngredient ingredient, _) in rows)
        {
            _byKey.TryAdd(InciNames.Key(ingredient.Name), ingredient);
        }

        foreach ((CosdnaIngredient ingredient, IReadOnlyList<string> synonyms) in rows)
        {
            foreach (string synonym in synonyms.Where(s => s.Trim().Length > 0))
            {
                _byKey.TryAdd(InciNames.Key(synonym), ingredient);
            }
        }
    }

    /// <summary>Number of ingredients read.</summary>
    public int Count { get; private init; }

    /// <summary>Number of lines left out because they are not a JSON object with a name.</summary>
    public int SkippedLines { get; private init; }

    /// <summary>Loads the table; lines that are not a JSON object with a name are counted and left out.</summary>
    /// <exception cref="CatalogFormatException">The file is missing or unreadable.</exception>
    public static CosdnaIngredients Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        List<(CosdnaIngredient, IReadOnlyList<string>)> rows = [];
        int skipped = 0;
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                if (TryParse(line, out CosdnaIngredient? ingredient, out IReadOnlyList<string> synonyms))
                {
                    rows.Add((ingredient, synonyms));
                }
                else
                {
                    skipped++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogFormatException($"Cannot read the CosDNA ingredient table {path}: {e.Message}", e);
        }

        return new CosdnaIngredients(rows) { Count = rows.Count, SkippedLines = skipped };
    }

    /// <summary>Returns the ingredient with this name or synonym, or null.</summary>
    public CosdnaIngredient? Find(string ingredient)
    {
        ArgumentNullException.ThrowIfNull(ingredient);
        return _byKey.GetValueOrDefault(InciNames.Key(ingredient));
    }

    private static bool TryParse(
        string line,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CosdnaIngredient? ingredient,
        out IReadOnlyList<string> synonyms)
    {
        ingredient = null;
        synonyms = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("name", out JsonElement name)
                || name.ValueKind != JsonValueKind.String
                || name.GetString()!.Trim().Length == 0)
            {
                return false;
            }

            ingredient = new CosdnaIngredient(
                name.GetString()!.Trim(),
                Strings(root, "function"),
                Ratings(root, "acne"),
                Ratings(root, "irritant"));
            synonyms = Strings(root, "synonym");
            return true;
        }
    }

    private static IReadOnlyList<string> Strings(JsonElement root, string property) =>
        root.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];

    /// <summary>Reads a rating list such as <c>[2]</c> or <c>[0, 1, 2]</c>, keeping only values from 0 to 5.</summary>
    private static IReadOnlyList<int> Ratings(JsonElement root, string property) =>
        root.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int r) && r is >= 0 and <= 5)
                .Select(e => e.GetInt32())]
            : [];
}
