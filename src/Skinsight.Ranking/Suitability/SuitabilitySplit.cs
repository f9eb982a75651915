using nietras.SeparatedValues;

namespace Skinsight.Ranking.Suitability;

/// <summary>Splits a <c>cosmetics.csv</c> into a training and a test folder for an honest held-out measurement.</summary>
public static class SuitabilitySplit
{
    /// <summary>
    /// Writes a seeded random <paramref name="testFraction"/> of the data rows of <paramref name="sourceCsv"/> to
    /// <c>testDir/cosmetics.csv</c> and the rest to <c>trainDir/cosmetics.csv</c>, keeping the header and row order.
    /// </summary>
    /// <returns>The number of rows written to each folder.</returns>
    public static (int Train, int Test) Write(string sourceCsv, string trainDir, string testDir, double testFraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testFraction, 1.0);
        if (!File.Exists(sourceCsv))
        {
            throw new SuitabilityException($"Data file not found: {sourceCsv}. Pass the path of a cosmetics.csv to split.");
        }

        using SepReader reader = Sep.Reader(o => o with { Unescape = true }).FromFile(sourceCsv);
        string[] columns = [.. reader.Header.ColNames];
        List<string[]> rows = [];
        foreach (SepReader.Row row in reader)
        {
            string[] values = new string[columns.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = row[i].ToString();
            }

            rows.Add(values);
        }

        int testCount = (int)Math.Round(rows.Count * testFraction);
        int[] order = [.. Enumerable.Range(0, rows.Count)];
        new Random(seed).Shuffle(order);
        var isTest = new bool[rows.Count];
        foreach (int i in order.Take(testCount))
        {
            isTest[i] = true;
        }

        WriteRows(trainDir, columns, rows.Where((_, i) => !isTest[i]));
        WriteRows(testDir, columns, rows.Where((_, i) => isTest[i]));
        return (rows.Count - testCount, testCount);
    }

    private static void WriteRows(string folder, string[] columns, IEnumerable<string[]> rows)
    {
        Directory.CreateDirectory(folder);
        using SepWriter writer = Sep.New(',').Writer(o => o with { Escape = true })
            .ToFile(Path.Combine(folder, SuitabilityData.FileName));
        foreach (string[] values in rows)
        {
            using SepWriter.Row row = writer.NewRow();
            for (int i = 0; i < columns.Length; i++)
            {
                row[columns[i]].Set(values[i]);
            }
        }
    }
}
