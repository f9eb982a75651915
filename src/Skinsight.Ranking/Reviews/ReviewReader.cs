using System.Globalization;
using nietras.SeparatedValues;

namespace Skinsight.Ranking.Reviews;

/// <summary>
/// Reads every review file in a folder. The layout is detected from the CSV headers, so any folder with the same
/// layout works, including held-out splits. Files with other headers (reference tables, notes) are ignored.
/// </summary>
public static class ReviewReader
{
    private static readonly string[] s_sephoraColumns = ["author_id", "rating", "skin_type", "skin_tone", "product_id"];
    private static readonly string[] s_oliveYoungColumns = ["product_id", "product_rating", "user_id", "user_keywords", "user_rating"];

    /// <summary>Reads all reviews under <paramref name="dataDir"/>, returning the detected layout.</summary>
    /// <exception cref="RankerDataException">The folder is missing, contains no review files, or mixes layouts.</exception>
    public static (ReviewLayout Layout, IReadOnlyList<Review> Reviews) ReadFolder(string dataDir)
    {
        IReadOnlyList<(string Path, ReviewLayout Layout)> files = FindReviewFiles(dataDir);
        ReviewLayout layout = files[0].Layout;
        var reviews = new List<Review>();
        foreach ((string path, _) in files)
        {
            reviews.AddRange(layout == ReviewLayout.Sephora ? ReadSephora(path) : ReadOliveYoung(path));
        }

        if (reviews.Count == 0)
        {
            throw new RankerDataException(
                $"The review files in {dataDir} contain no usable rows. Check that ratings are whole numbers from 1 to 5.");
        }

        return (layout, reviews);
    }

    /// <summary>Lists the review CSV files in a folder, sorted by name, with their layout.</summary>
    /// <exception cref="RankerDataException">The folder is missing, contains no review files, or mixes layouts.</exception>
    public static IReadOnlyList<(string Path, ReviewLayout Layout)> FindReviewFiles(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            throw new RankerDataException($"The review folder {dataDir} was not found. Pass a folder of review CSV files.");
        }

        var found = new List<(string, ReviewLayout)>();
        foreach (string path in Directory.GetFiles(dataDir, "*.csv").Order(StringComparer.Ordinal))
        {
            IReadOnlyList<string> header = ReadHeader(path);
            if (s_sephoraColumns.All(header.Contains))
            {
                found.Add((path, ReviewLayout.Sephora));
            }
            else if (s_oliveYoungColumns.All(header.Contains))
            {
                found.Add((path, ReviewLayout.OliveYoung));
            }
        }

        if (found.Count == 0)
        {
            throw new RankerDataException(
                $"No review files were found in {dataDir}. Expected CSV files with the Sephora columns " +
                $"({string.Join(", ", s_sephoraColumns)}) or the Olive Young columns ({string.Join(", ", s_oliveYoungColumns)}).");
        }

        if (found.Select(f => f.Item2).Distinct().Count() > 1)
        {
            throw new RankerDataException(
                $"The folder {dataDir} mixes Sephora and Olive Young review files. Put each source in its own folder.");
        }

        return found;
    }

    /// <summary>Opens a CSV file for reading with quoted fields unescaped and a byte order mark skipped.</summary>
    internal static SepReader OpenCsv(string path)
    {
        try
        {
            var text = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new RankerDataException($"Cannot read the CSV file {path}: {e.Message}", e);
        }
    }

    private static List<string> ReadHeader(string path)
    {
        using SepReader reader = OpenCsv(path);
        return [.. reader.Header.ColNames.Select(n => n.Trim().TrimStart('\uFEFF'))];
    }

    private static IEnumerable<Review> ReadSephora(string path)
    {
        using SepReader reader = OpenCsv(path);
        foreach (SepReader.Row row in reader)
        {
            if (!TryParseRating(row["rating"].ToString(), out int rating))
            {
                continue;
            }

            var profile = new ReviewerProfile(
                row["skin_type"].ToString().Trim().ToLowerInvariant(),
                row["skin_tone"].ToString().Trim(),
                []);
            yield return new Review(row["author_id"].ToString().Trim(), row["product_id"].ToString().Trim(), rating, profile);
        }
    }

    private static IEnumerable<Review> ReadOliveYoung(string path)
    {
        string category = OliveYoungKeywords.CategoryOf(path);
        using SepReader reader = OpenCsv(path);
        foreach (SepReader.Row row in reader)
        {
            if (!TryParseRating(row["user_rating"].ToString(), out int rating))
            {
                continue;
            }

            string keywords = row["user_keywords"].ToString();
            ReviewerProfile profile = OliveYoungKeywords.Parse(keywords);

            // Nicknames are masked (lee****), so different people share one; the profile text narrows that down.
            string author = row["user_id"].ToString().Trim() + "|" + keywords.Trim();
            string product = category + ":" + row["product_id"].ToString().Trim();
            double? productRating = double.TryParse(
                row["product_rating"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double r)
                ? r
                : null;
            yield return new Review(author, product, rating, profile, productRating);
        }
    }

    private static bool TryParseRating(string text, out int rating)
    {
        bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        rating = parsed ? (int)Math.Round(value) : 0;
        return parsed && rating is >= 1 and <= 5;
    }
}
