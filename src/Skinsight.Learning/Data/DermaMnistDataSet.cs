using System.Globalization;
using Skinsight.Learning.Condition;

namespace Skinsight.Learning.Data;

/// <summary>
/// Reads a HAM10000 folder with the DermaMNIST split: <c>metadata.csv</c> with the columns <c>image_id</c>,
/// <c>dermamnist_label</c> (0-6), <c>dermamnist_split</c> and <c>image_file</c> (relative to the folder), and
/// optionally <c>lesion_id</c> and the held-out copy's <c>lesion_also_in_shared</c>.
/// </summary>
/// <remarks>Any folder of this layout works, whatever its row count or splits, so held-out copies evaluate alike.</remarks>
public static class DermaMnistDataSet
{
    public const string MetadataFileName = "metadata.csv";

    /// <summary>The split that training reads.</summary>
    public const string TrainSplit = "train";

    /// <summary>Loads the rows of <paramref name="dataDir"/>, keeping only <paramref name="split"/> when it is given.</summary>
    /// <exception cref="DataSetException">
    /// The metadata file or a required column is missing, a label is outside 0-6, an image file is missing, or no
    /// row has the requested split.
    /// </exception>
    public static IReadOnlyList<LabeledImage> Load(string dataDir, string? split = null)
    {
        string metadataPath = Path.Combine(dataDir, MetadataFileName);
        if (!File.Exists(metadataPath))
        {
            throw new DataSetException(
                $"The data folder {dataDir} has no {MetadataFileName}; pass a HAM10000 DermaMNIST folder.");
        }

        string[] lines = File.ReadAllLines(metadataPath);
        if (lines.Length == 0)
        {
            throw new DataSetException($"The metadata file {metadataPath} is empty; it needs a header row.");
        }

        string[] header = lines[0].Split(',');
        int idColumn = ColumnIndex(header, "image_id", metadataPath);
        int labelColumn = ColumnIndex(header, "dermamnist_label", metadataPath);
        int splitColumn = ColumnIndex(header, "dermamnist_split", metadataPath);
        int fileColumn = ColumnIndex(header, "image_file", metadataPath);
        int lesionColumn = Array.IndexOf(header, "lesion_id");
        int alsoInSharedColumn = Array.IndexOf(header, "lesion_also_in_shared");
        int lastRequiredColumn = new[] { idColumn, labelColumn, splitColumn, fileColumn }.Max();

        var images = new List<LabeledImage>();
        var splitsFound = new SortedSet<string>(StringComparer.Ordinal);
        for (int row = 1; row < lines.Length; row++)
        {
            if (string.IsNullOrWhiteSpace(lines[row]))
            {
                continue;
            }

            // The file has no quoted fields, so a plain split keeps columns aligned.
            string[] cells = lines[row].Split(',');
            if (cells.Length <= lastRequiredColumn)
            {
                throw new DataSetException(
                    $"Line {row + 1} of {metadataPath} has {cells.Length} fields, too few for the header's "
                    + $"'{header[lastRequiredColumn]}' column; fix or remove the line.");
            }

            splitsFound.Add(cells[splitColumn]);
            if (split is not null && cells[splitColumn] != split)
            {
                continue;
            }

            LabeledImage image = ParseRow(cells, idColumn, labelColumn, splitColumn, fileColumn, dataDir, metadataPath, row + 1);
            images.Add(image with
            {
                LesionId = Cell(cells, lesionColumn) is { Length: > 0 } lesion ? lesion : null,
                LesionAlsoInShared = ParseFlag(Cell(cells, alsoInSharedColumn)),
            });
        }

        if (splitsFound.Count == 0)
        {
            throw new DataSetException(
                $"The metadata file {metadataPath} has a header but no rows; add one row per image.");
        }

        if (images.Count == 0)
        {
            throw new DataSetException(
                $"The metadata file {metadataPath} has no rows with split '{split}'; its rows have split "
                + $"{string.Join(", ", splitsFound.Select(name => $"'{name}'"))}, so pass one of those.");
        }

        return images;
    }

    /// <summary>
    /// Returns the lesion ids of the <see cref="TrainSplit"/> rows of <paramref name="dataDir"/>, or null when its
    /// metadata has no <c>lesion_id</c> column or no training rows, so lesion overlap cannot be judged.
    /// </summary>
    /// <exception cref="DataSetException">The metadata file or a required column is missing.</exception>
    public static HashSet<string>? TrainingLesionIds(string dataDir)
    {
        string metadataPath = Path.Combine(dataDir, MetadataFileName);
        if (!File.Exists(metadataPath))
        {
            throw new DataSetException(
                $"The data folder {dataDir} has no {MetadataFileName}; pass a HAM10000 DermaMNIST folder.");
        }

        using var reader = new StreamReader(metadataPath);
        string[] header = (reader.ReadLine() ?? "").Split(',');
        int splitColumn = ColumnIndex(header, "dermamnist_split", metadataPath);
        int lesionColumn = Array.IndexOf(header, "lesion_id");
        if (lesionColumn < 0)
        {
            return null;
        }

        var lesions = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            string[] cells = line.Split(',');
            if (cells.Length > Math.Max(splitColumn, lesionColumn) && cells[splitColumn] == TrainSplit
                && cells[lesionColumn].Length > 0)
            {
                lesions.Add(cells[lesionColumn]);
            }
        }

        return lesions.Count == 0 ? null : lesions;
    }

    private static LabeledImage ParseRow(
        string[] cells,
        int idColumn,
        int labelColumn,
        int splitColumn,
        int fileColumn,
        string dataDir,
        string metadataPath,
        int lineNumber)
    {
        if (!int.TryParse(cells[labelColumn], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label)
            || label < 0 || label >= ConditionClasses.Count)
        {
            throw new DataSetException(
                $"Line {lineNumber} of {metadataPath} has the invalid label '{cells[labelColumn]}'; " +
                $"labels must be 0-{ConditionClasses.Count - 1}.");
        }

        string imagePath = Path.Combine(dataDir, cells[fileColumn]);
        if (!File.Exists(imagePath))
        {
            throw new DataSetException(
                $"The image {imagePath} listed on line {lineNumber} of {metadataPath} was not found.");
        }

        return new LabeledImage(cells[idColumn], imagePath, label, cells[splitColumn]);
    }

    private static string? Cell(string[] cells, int column) =>
        column >= 0 && column < cells.Length ? cells[column].Trim() : null;

    /// <summary>Reads a yes/no cell written as true/false, 1/0 or yes/no; anything else is unknown.</summary>
    private static bool? ParseFlag(string? cell) => cell?.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => null,
    };

    private static int ColumnIndex(string[] header, string column, string metadataPath)
    {
        int index = Array.IndexOf(header, column);
        if (index < 0)
        {
            throw new DataSetException(
                $"The metadata file {metadataPath} has no '{column}' column; the header is: {string.Join(',', header)}.");
        }

        return index;
    }
}
