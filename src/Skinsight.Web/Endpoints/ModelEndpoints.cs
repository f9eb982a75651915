using System.Globalization;
using System.Text.Json;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>Read-only operator view of the trained models: each model folder's card and its metrics.</summary>
internal static class ModelEndpoints
{
    private static readonly string[] s_cardNames = ["MODEL_CARD.md", "README.md"];

    /// <summary>Metadata files larger than this are listed but not read.</summary>
    private const long MaxMetadataBytes = 64 * 1024;

    /// <summary>Values shown per metadata file, so a long training log does not flood the page.</summary>
    private const int MaxMetadataValues = 40;

    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app, string? modelFolder)
    {
        app.MapGet("/api/models", () => Results.Ok(ReadCards(modelFolder)))
            .WithName("ListModels")
            .WithSummary("Operator: lists the model folders with each model card, split into sections, its metrics "
                + "section (a heading that names metrics or evaluation), the scalar values of its JSON metadata "
                + "files and its files.")
            .Produces<IReadOnlyList<ModelCard>>()
            .ProducesProblem(401)
            .ProducesProblem(403)
            .RequireAuthorization(Authentication.OperatorPolicy);
        return app;
    }

    /// <summary>
    /// Reads every subfolder of <paramref name="modelFolder"/>, or returns an empty list when it is null or missing.
    /// </summary>
    internal static IReadOnlyList<ModelCard> ReadCards(string? modelFolder)
    {
        if (modelFolder is null || !Directory.Exists(modelFolder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(modelFolder)
            .Order(StringComparer.Ordinal)
            .Select(ReadCard)
            .ToList();
    }

    private static ModelCard ReadCard(string folder)
    {
        var files = new DirectoryInfo(folder).EnumerateFiles()
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new ModelFile(f.Name, f.Length))
            .ToList();
        var metadata = Directory.EnumerateFiles(folder, "*.json")
            .Where(f => new FileInfo(f).Length <= MaxMetadataBytes)
            .Order(StringComparer.Ordinal)
            .Select(ReadMetadata)
            .Where(m => m.Values.Count > 0)
            .ToList();
        string? cardPath = s_cardNames.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
        string name = Path.GetFileName(folder);
        if (cardPath is null)
        {
            return new ModelCard(name, null, name, [], null, metadata, files);
        }

        var (title, sections) = SplitMarkdown(File.ReadAllText(cardPath), name);
        string? metrics = sections
            .Where(s => s.Heading.Contains("metric", StringComparison.OrdinalIgnoreCase)
                || s.Heading.Contains("evaluation", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Text)
            .FirstOrDefault();
        return new ModelCard(name, Path.GetFileName(cardPath), title, sections, metrics, metadata, files);
    }

    /// <summary>
    /// Flattens the scalar values of a JSON file into dotted paths, such as <c>validation.macroAuc</c>. Arrays are
    /// left out because they contain per-epoch logs and class lists rather than summary numbers.
    /// </summary>
    internal static ModelMetadata ReadMetadata(string path)
    {
        var values = new List<KeyValuePair<string, string>>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            Flatten(document.RootElement, "", values);
        }
        catch (JsonException)
        {
            // A file that is not JSON is still listed with the model's files, but it has no values to show.
        }

        return new ModelMetadata(Path.GetFileName(path), values.Take(MaxMetadataValues).ToList());
    }

    private static void Flatten(JsonElement element, string prefix, List<KeyValuePair<string, string>> values)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            string key = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, key, values);
                    break;
                case JsonValueKind.Number:
                    double number = property.Value.GetDouble();
                    string format = Math.Abs(number) < 1 ? "0.####" : "0.##";
                    values.Add(new(key, number.ToString(format, CultureInfo.InvariantCulture)));
                    break;
                case JsonValueKind.String or JsonValueKind.True or JsonValueKind.False:
                    values.Add(new(key, property.Value.ToString()));
                    break;
            }
        }
    }

    /// <summary>
    /// Splits a card at its level-2 headings. The level-1 heading becomes the title, and the text before the first
    /// level-2 heading becomes a section headed "Summary".
    /// </summary>
    internal static (string Title, IReadOnlyList<ModelCardSection> Sections) SplitMarkdown(
        string markdown, string fallbackTitle)
    {
        string title = fallbackTitle;
        var sections = new List<ModelCardSection>();
        string heading = "Summary";
        var text = new List<string>();
        foreach (string line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal) && sections.Count == 0 && text.Count == 0)
            {
                title = line[2..].Trim();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                AddSection(sections, heading, text);
                heading = line[3..].Trim();
                text.Clear();
            }
            else
            {
                text.Add(line);
            }
        }

        AddSection(sections, heading, text);
        return (title, sections);
    }

    private static void AddSection(List<ModelCardSection> sections, string heading, List<string> lines)
    {
        string text = string.Join('\n', lines).Trim();
        if (text.Length > 0)
        {
            sections.Add(new ModelCardSection(heading, text));
        }
    }

    /// <param name="CardFile">File name of the card in the model folder, or null when the folder has none.</param>
    /// <param name="Metrics">Markdown text of the card's metrics or evaluation section, or null when it has none.</param>
    /// <param name="Metadata">Scalar values of the folder's JSON files up to 64 KB, such as validation scores.</param>
    internal sealed record ModelCard(string Name, string? CardFile, string Title, IReadOnlyList<ModelCardSection> Sections,
        string? Metrics, IReadOnlyList<ModelMetadata> Metadata, IReadOnlyList<ModelFile> Files);

    /// <param name="Values">Dotted path and value of each scalar, in file order, at most 40.</param>
    internal sealed record ModelMetadata(string File, IReadOnlyList<KeyValuePair<string, string>> Values);

    internal sealed record ModelCardSection(string Heading, string Text);

    /// <param name="Bytes">File size in bytes.</param>
    internal sealed record ModelFile(string Name, long Bytes);
}
