using System.Globalization;
using Skinsight.Core;
using Skinsight.Vision.Evaluation;

namespace Skinsight.Learning.Acne;

/// <summary>One labelled photo of an ACNE04-style folder.</summary>
/// <param name="ImageFile">The <c>image_file</c> value, relative to the folder.</param>
/// <param name="ImagePath">Full path of the photo.</param>
/// <param name="SourceImage">The <c>source_image</c> value that decides the split.</param>
/// <param name="Grade">The labelled <c>severity_level</c>, 0-3.</param>
public sealed record AcnePhoto(string ImageFile, string ImagePath, string SourceImage, int Grade)
{
    public string Split => AcneSplit.Of(SourceImage);
}

/// <summary>
/// Reads a folder laid out like ACNE04 from Roboflow: <c>labels.csv</c> with <c>image_file</c> (relative to the
/// folder), <c>source_image</c> and <c>severity_level</c> (0-3), and the photos it lists.
/// </summary>
public static class AcneDataSet
{
    public const string LabelsFileName = "labels.csv";

    /// <summary>Returns the photos of <paramref name="split"/> (see <see cref="AcneSplit"/>), or every photo when it is null.</summary>
    /// <exception cref="InvalidInputException">
    /// The labels file or a column is missing, the split name is unknown, no row falls in the split, a grade is
    /// outside 0-3, or a listed photo is missing.
    /// </exception>
    public static IReadOnlyList<AcnePhoto> Read(string dataDir, string? split = null)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        if (split is not null && !AcneSplit.Names.Contains(split))
        {
            throw new InvalidInputException(
                $"The split '{split}' is unknown; use {string.Join(", ", AcneSplit.Names)}, or leave --split out for every row.");
        }

        var table = LabelTable.Read(Path.Combine(dataDir, LabelsFileName), "image_file", "source_image", "severity_level");
        var photos = new List<AcnePhoto>();
        for (int row = 0; row < table.Count; row++)
        {
            string source = table[row, "source_image"];
            if (source.Length == 0)
            {
                throw new InvalidInputException(
                    $"Row {row + 1} of {table.Path} has an empty source_image; the split is computed from it.");
            }

            if (split is not null && AcneSplit.Of(source) != split)
            {
                continue;
            }

            photos.Add(new AcnePhoto(table[row, "image_file"], RequireFile(table, dataDir, row), source, ParseGrade(table, row)));
        }

        if (photos.Count == 0)
        {
            throw new InvalidInputException($"No row of {table.Path} falls in the split '{split}'; score it with no --split.");
        }

        return photos;
    }

    private static int ParseGrade(LabelTable table, int row)
    {
        string text = table[row, "severity_level"];
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int grade) && grade is >= 0 and <= 3
            ? grade
            : throw new InvalidInputException(
                $"Row {row + 1} of {table.Path} has the invalid severity_level '{text}'; it must be an integer from 0 to 3.");
    }

    private static string RequireFile(LabelTable table, string dataDir, int row)
    {
        string path = Path.Combine(dataDir, table[row, "image_file"]);
        return File.Exists(path)
            ? path
            : throw new InvalidInputException($"The file {path} listed in {table.Path} (row {row + 1}) was not found.");
    }
}
