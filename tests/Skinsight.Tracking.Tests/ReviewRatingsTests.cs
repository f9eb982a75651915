using nietras.SeparatedValues;
using Skinsight.Testing;
using Skinsight.Tracking.Experiments;
using Skinsight.Tracking.Trends;
using Xunit.Abstractions;

namespace Skinsight.Tracking.Tests;

/// <summary>
/// Runs the trend and comparison statistics on real Sephora review ratings, the nearest real data to tracking:
/// tied 1-5 values at irregular dates. It checks that real data runs through and reports what it finds, without
/// golden numbers, because part of the data set is held out elsewhere.
/// </summary>
public sealed class ReviewRatingsTests(ITestOutputHelper output)
{
    private const string Folder = "sephora-reviews-subset";

    private sealed record Review(string ProductId, DateOnly Date, double Rating, string SkinType);

    [SharedDataFact(Folder)]
    public void TrendAnalysis_DailyRatingsPerProduct_RunsOnRealData()
    {
        var products = ReadReviews().GroupBy(r => r.ProductId).ToList();
        var verdicts = new Dictionary<TrendVerdict, int>();
        var analysed = 0;
        var significant = 0;
        foreach (var product in products)
        {
            var days = product.GroupBy(r => r.Date).OrderBy(g => g.Key).ToList();
            if (product.Count() < 20 || days.Count < 10)
            {
                continue;
            }

            var points = days.Select(d => new TrendPoint(
                new DateTimeOffset(d.Key.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), d.Average(r => r.Rating)));
            var report = TrendAnalysis.Analyze(points, new TrendOptions { Better = BetterDirection.Higher });

            Assert.InRange(report.MannKendall.PValue, 0, 1);
            Assert.InRange(report.MannKendall.Tau, -1, 1);
            Assert.True(report.Line.SlopeLower <= report.Line.SlopeUpper);
            analysed++;
            significant += report.MannKendall.PValue < 0.05 ? 1 : 0;
            verdicts[report.Verdict] = verdicts.GetValueOrDefault(report.Verdict) + 1;
        }

        output.WriteLine($"products={products.Count} analysed={analysed} significant={significant}");
        output.WriteLine(string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}")));
        Assert.True(analysed > 0);
    }

    [SharedDataFact(Folder)]
    public void Compare_OilyAgainstDryRatings_RunsOnRealData()
    {
        var compared = 0;
        var significant = 0;
        var largestD = 0.0;
        foreach (var product in ReadReviews().GroupBy(r => r.ProductId))
        {
            var oily = product.Where(r => r.SkinType == "oily").Select(r => r.Rating).ToList();
            var dry = product.Where(r => r.SkinType == "dry").Select(r => r.Rating).ToList();
            if (oily.Count < 10 || dry.Count < 10 || (oily.Distinct().Count() == 1 && dry.Distinct().Count() == 1))
            {
                continue;
            }

            var result = ExperimentStatistics.Compare(dry, oily);

            Assert.InRange(result.PValue, 0, 1);
            Assert.True(result.Lower <= result.Difference);
            Assert.True(result.Difference <= result.Upper);
            compared++;
            significant += result.PValue < 0.05 ? 1 : 0;
            largestD = Math.Max(largestD, Math.Abs(result.CohensD));
        }

        output.WriteLine($"compared={compared} significant={significant} largest |d|={largestD:F2}");
        Assert.True(compared > 0);
    }

    private static List<Review> ReadReviews()
    {
        var reviews = new List<Review>();
        foreach (var file in Directory.EnumerateFiles(SharedData.PathOf(Folder), "*.csv").Order(StringComparer.Ordinal))
        {
            using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
            foreach (var row in reader)
            {
                reviews.Add(new Review(
                    row["product_id"].ToString(),
                    DateOnly.Parse(row["submission_time"].Span, System.Globalization.CultureInfo.InvariantCulture),
                    row["rating"].Parse<double>(),
                    row["skin_type"].ToString()));
            }
        }

        return reviews;
    }
}
