using System.Globalization;

namespace Skinsight.Learning.Age;

/// <summary>
/// Reads a UTKFace-style folder: <c>labels.csv</c> with the columns <c>image_file</c> (relative to the folder),
/// <c>age</c>, <c>gender</c> and <c>race</c>, and an optional <c>split</c> column.
/// </summary>
/// <remarks>
/// Without a split column every row gets the hash split of <see cref="AgeSplit"/>. Any folder of this layout works,
/// whatever its row count, so held-out copies evaluate alike.
/// </remarks>
public static class AgeDataSet
{
    public const string LabelsFileName = "labels.csv";

    /// <summary>Loads the rows of <paramref name="dataDir"/> whose split is <paramref name="split"/>, or all rows for "all".</summary>
    /// <exception cref="DataSetException">
    /// The labels file or a required column is missing, an age, gender or race is invalid, an image file is missing, or
    /// no row has the requested split.
    /// </exception>
    public static IReadOnlyList<AgeSample> Load(string dataDir, string split = AgeSplit.All)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentException.ThrowIfNullOrEmpty(split);
        string labelsPath = Path.Combine(dataDir, LabelsFileName);
        if (!File.Exists(labelsPath))
        {
            throw new DataSetException(
                $"The data folder {dataDir} has no {LabelsFileName}; pass a UTKFace folder (image_file, age, gender, race).");
        }

        string[] lines = File.ReadAllLines(labelsPath);
        if (lines.Length == 0)
        {
            throw new DataSetException($"The labels file {labelsPath} is empty; it needs a header row.");
        }

        string[] header = lines[0].Split(',');
        var columns = new Columns(
            ColumnIndex(header, "image_file", labelsPath),
            ColumnIndex(header, "age", labelsPath),
            ColumnIndex(header, "gender", labelsPath),
            ColumnIndex(header, "race", labelsPath),
            Array.IndexOf(header, "split"));

        var samples = new List<AgeSample>();
        int rowCount = 0;
        for (int row = 1; row < lines.Length; row++)
        {
            if (string.IsNullOrWhiteSpace(lines[row]))
            {
                continue;
            }

            rowCount++;

            // UTKFace file names and labels contain no commas, so a plain split keeps columns aligned.
            AgeSample sample = ParseRow(lines[row].Split(','), columns, dataDir, labelsPath, row + 1);
            if (split == AgeSplit.All || sample.Split == split)
            {
                samples.Add(sample);
            }
        }

        if (samples.Count == 0)
        {
            throw new DataSetException(rowCount == 0
                ? $"The labels file {labelsPath} has a header but no rows; add one row per image."
                : $"The labels file {labelsPath} has no rows with split '{split}'; use train, val, test or all.");
        }

        return samples;
    }

    private static AgeSample ParseRow(string[] cells, Columns columns, string dataDir, string labelsPath, int lineNumber)
    {
        int needed = new[] { columns.File, columns.Age, columns.Gender, columns.Race, columns.Split }.Max() + 1;
        if (cells.Length < needed)
        {
            throw new DataSetException(
                $"Line {lineNumber} of {labelsPath} has {cells.Length} fields; the header needs at least {needed}.");
        }

        string file = cells[columns.File];
        if (!int.TryParse(cells[columns.Age], NumberStyles.Integer, CultureInfo.InvariantCulture, out int age)
            || age < 0 || age > 130)
        {
            throw new DataSetException(
                $"Line {lineNumber} of {labelsPath} has the invalid age '{cells[columns.Age]}'; ages must be 0-130.");
        }

        int? gender = OptionalCode(cells[columns.Gender], 1, "gender", lineNumber, labelsPath);
        int? race = OptionalCode(cells[columns.Race], 4, "race", lineNumber, labelsPath);
        string imagePath = Path.Combine(dataDir, file);
        if (!File.Exists(imagePath))
        {
            throw new DataSetException($"The image {imagePath} listed on line {lineNumber} of {labelsPath} was not found.");
        }

        string split = columns.Split >= 0 && cells[columns.Split].Length > 0 ? cells[columns.Split] : AgeSplit.Of(file);
        return new AgeSample(file, imagePath, age, gender, race, split);
    }

    private static int? OptionalCode(string cell, int max, string column, int lineNumber, string labelsPath)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return null;
        }

        if (!int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) || code < 0 || code > max)
        {
            throw new DataSetException(
                $"Line {lineNumber} of {labelsPath} has the invalid {column} '{cell}'; it must be 0-{max} or blank.");
        }

        return code;
    }

    private static int ColumnIndex(string[] header, string column, string labelsPath)
    {
        int index = Array.IndexOf(header, column);
        if (index < 0)
        {
            throw new DataSetException(
                $"The labels file {labelsPath} has no '{column}' column; the header is: {string.Join(',', header)}.");
        }

        return index;
    }

    private readonly record struct Columns(int File, int Age, int Gender, int Race, int Split);
}
