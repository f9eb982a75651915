using System.Globalization;
using System.Text;
using Skinsight.Catalog.Import;

namespace Skinsight.Catalog.Tests;

/// <summary>The bytes-read reports that let an import show how far through the file it is.</summary>
public sealed class ReadProgressTests : IDisposable
{
    private const int Rows = 20_000;

    private static readonly ColumnMap Map = new()
    {
        Id = "sku",
        Name = "title",
        Ingredients = "inci",
        SourceName = "progress-test",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("skinsight-progress-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_LargeCsv_ReportsGrowingBytesUpToFileLength()
    {
        var csv = new StringBuilder("sku,title,inci\n");
        for (int i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"P{i},Serum {i},\"Water, Glycerin, Niacinamide\"\n");
        }

        string path = Path.Combine(_folder, "large.csv");
        File.WriteAllText(path, csv.ToString());

        AssertProgress(path, CatalogReader.Read);
    }

    [Fact]
    public void Read_LargeJson_ReportsGrowingBytesUpToFileLength()
    {
        var json = new StringBuilder("[\n");
        for (int i = 0; i < Rows; i++)
        {
            string comma = i + 1 < Rows ? "," : "";
            json.Append(CultureInfo.InvariantCulture,
                $"{{\"sku\": \"P{i}\", \"title\": \"Serum {i}\", \"inci\": \"Water, Glycerin\"}}{comma}\n");
        }

        string path = Path.Combine(_folder, "large.json");
        File.WriteAllText(path, json.Append(']').ToString());

        AssertProgress(path, CatalogReader.Read);
    }

    private static void AssertProgress(
        string path, Func<string, string?, ColumnMap?, IProgress<long>?, IEnumerable<ImportRecord>> read)
    {
        long length = new FileInfo(path).Length;
        var reports = new List<long>();
        var progress = new CollectingProgress(reports);
        int records = 0;
        long reportedAtHalf = -1;

        foreach (ImportRecord _ in read(path, null, Map, progress))
        {
            records++;
            if (records == Rows / 2)
            {
                reportedAtHalf = reports[^1];
            }
        }

        Assert.Equal(Rows, records);
        Assert.Equal(Rows, reports.Count);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First <= pair.Second), "bytes read went backwards");
        Assert.InRange(reportedAtHalf, 1, length - 1);
        Assert.Equal(length, reports[^1]);
    }

    private sealed class CollectingProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
