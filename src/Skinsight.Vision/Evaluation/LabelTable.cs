using nietras.SeparatedValues;
using Skinsight.Core;

namespace Skinsight.Vision.Evaluation;

/// <summary>
/// The rows of a labels file of an image data set (a comma-separated file with a header), each as a map from
/// column name to value, read with Sep so that quoted fields are handled.
/// </summary>
public sealed class LabelTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<string[]> _rows;

    private LabelTable(string path, Dictionary<string, int> columns, List<string[]> rows)
    {
        Path = path;
        _columns = columns;
        _rows = rows;
    }

    /// <summary>The file the rows were read from.</summary>
    public string Path { get; }

    /// <summary>Number of data rows.</summary>
    public int Count => _rows.Count;

    /// <summary>Reads the file and checks that it has every column in <paramref name="required"/>.</summary>
    /// <exception cref="InvalidInputException">
    /// The file is missing or empty, lacks a required column, or has no data rows.
    /// </exception>
    public static LabelTable Read(string path, params string[] required)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"The labels file {path} was not found; pass the data set's folder.");
        }

        using SepReader reader = ReadSeparated(path);
        var columns = reader.Header.ColNames
            .Select((name, index) => (Name: name.Trim().TrimStart('\uFEFF'), index))
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
        if (columns.Keys.All(string.IsNullOrWhiteSpace))
        {
            throw new InvalidInputException(
                $"The labels file {path} is empty; it needs a header row naming the columns and one row per image.");
        }

        string[] missing = required.Where(c => !columns.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidInputException($"The labels file {path} has no column {string.Join(", ", missing)}; "
                + $"its header is: {string.Join(',', columns.Keys)}.");
        }

        var rows = new List<string[]>();
        foreach (SepReader.Row row in reader)
        {
            var values = new string[columns.Count == 0 ? 0 : columns.Values.Max() + 1];
            for (int i = 0; i < values.Length && i < row.ColCount; i++)
            {
                values[i] = row[i].ToString();
            }

            // Blank lines, such as the empty last lines a spreadsheet leaves, are not rows.
            if (row.ColCount == 1 && string.IsNullOrWhiteSpace(row[0].ToString()))
            {
                continue;
            }

            rows.Add(values);
        }

        if (rows.Count == 0)
        {
            throw new InvalidInputException($"The labels file {path} has a header but no rows; there is nothing to evaluate.");
        }

        return new LabelTable(path, columns, rows);
    }

    /// <summary>Returns the indexes of the rows whose <paramref name="column"/> equals <paramref name="value"/>, or all rows when it is null.</summary>
    /// <exception cref="InvalidInputException">The column is missing, or no row has that value.</exception>
    public IReadOnlyList<int> Select(string column, string? value)
    {
        if (value is null)
        {
            return Enumerable.Range(0, Count).ToList();
        }

        if (!_columns.ContainsKey(column))
        {
            throw new InvalidInputException($"The labels file {Path} has no '{column}' column, so --split cannot select rows.");
        }

        var rows = Enumerable.Range(0, Count).Where(i => this[i, column] == value).ToList();
        if (rows.Count == 0)
        {
            string found = string.Join(", ", Enumerable.Range(0, Count).Select(i => this[i, column]).Distinct().Order());
            throw new InvalidInputException($"No row of {Path} has {column} '{value}'; the values are: {found}.");
        }

        return rows;
    }

    /// <summary>Returns the value of <paramref name="column"/> in row <paramref name="row"/> (0-based, after the header).</summary>
    public string this[int row, string column] => _rows[row][_columns[column]] ?? string.Empty;

    private static SepReader ReadSeparated(string path)
    {
        try
        {
            return Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(path);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException($"The labels file {path} is not a comma-separated file with a header: {e.Message}", e);
        }
    }
}
