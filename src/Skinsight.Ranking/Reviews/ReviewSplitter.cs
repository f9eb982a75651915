using nietras.SeparatedValues;

namespace Skinsight.Ranking.Reviews;

/// <summary>Rows written to each side of a split.</summary>
public sealed record ReviewSplitCounts(int TrainRows, int EvalRows, int TrainAuthors, int EvalAuthors);

/// <summary>
/// Splits a review folder into train and evaluation folders by a seeded hash of the author or of the row. Each file
/// keeps its name, header and column order, so both folders have the source layout.
/// </summary>
public static class ReviewSplitter
{
    /// <summary>
    /// Writes a split by author, so no author has reviews on both sides. About <paramref name="evalPercent"/> percent
    /// of authors go to <paramref name="evalDir"/>.
    /// </summary>
    /// <exception cref="RankerDataException">The source folder contains no review files.</exception>
    public static ReviewSplitCounts SplitByAuthor(string dataDir, string trainDir, string evalDir, int seed, int evalPercent = 20) =>
        Split(dataDir, trainDir, evalDir, evalPercent, (author, _, _) => ReviewRanker.HashBucket(author, seed, 100));

    /// <summary>
    /// Writes a split by row, so an author may have reviews on both sides and history features get tested. About
    /// <paramref name="evalPercent"/> percent of each file's rows go to <paramref name="evalDir"/>.
    /// </summary>
    /// <exception cref="RankerDataException">The source folder contains no review files.</exception>
    public static ReviewSplitCounts SplitByRow(string dataDir, string trainDir, string evalDir, int seed, int evalPercent = 20) =>
        Split(dataDir, trainDir, evalDir, evalPercent,
            (_, file, row) => ReviewRanker.HashBucket($"{file}|{row}", seed, 100));

    private static ReviewSplitCounts Split(
        string dataDir, string trainDir, string evalDir, int evalPercent, Func<string, string, int, int> bucketOf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(evalPercent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(evalPercent, 99);
        Directory.CreateDirectory(trainDir);
        Directory.CreateDirectory(evalDir);
        var trainAuthors = new HashSet<string>(StringComparer.Ordinal);
        var evalAuthors = new HashSet<string>(StringComparer.Ordinal);
        int trainRows = 0;
        int evalRows = 0;
        foreach ((string path, ReviewLayout layout) in ReviewReader.FindReviewFiles(dataDir))
        {
            string name = Path.GetFileName(path);
            using SepReader reader = ReviewReader.OpenCsv(path);
            using SepWriter train = reader.Spec.Writer(o => o with { Escape = true }).ToFile(Path.Combine(trainDir, name));
            using SepWriter eval = reader.Spec.Writer(o => o with { Escape = true }).ToFile(Path.Combine(evalDir, name));
            int rowIndex = 0;
            foreach (SepReader.Row row in reader)
            {
                string author = layout == ReviewLayout.Sephora
                    ? row["author_id"].ToString().Trim()
                    : row["user_id"].ToString().Trim() + "|" + row["user_keywords"].ToString().Trim();
                bool toEval = bucketOf(author, name, rowIndex++) < evalPercent;
                using SepWriter.Row copy = (toEval ? eval : train).NewRow(row);
                (toEval ? evalAuthors : trainAuthors).Add(author);
                if (toEval)
                {
                    evalRows++;
                }
                else
                {
                    trainRows++;
                }
            }
        }

        return new ReviewSplitCounts(trainRows, evalRows, trainAuthors.Count, evalAuthors.Count);
    }
}
