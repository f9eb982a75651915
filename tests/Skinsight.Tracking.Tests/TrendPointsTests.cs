using Skinsight.Core.Analysis;
using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Tests;

public sealed class TrendPointsTests
{
    private static SkinAnalysis Analysis(double quality, params (string Name, double Score)[] measures) => new()
    {
        Mode = measures.Length == 0 ? AnalysisMode.Rejected : AnalysisMode.Face,
        Quality = new QualityReport(measures.Length > 0, quality, []),
        Image = new ImageInfo("jpeg", 640, 480, 1),
        Metrics = measures.ToDictionary(
            m => m.Name,
            m => new MeasureResult(m.Score, 2.5, new Dictionary<string, double>(), new Dictionary<string, double>())),
    };

    [Fact]
    public void FromAnalyses_MixedAnalyses_KeepsMeasured()
    {
        var day = new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, SkinAnalysis)[] analyses =
        [
            (day, Analysis(80, (MeasureNames.Redness, 40))),
            (day.AddDays(7), Analysis(10)),
            (day.AddDays(14), Analysis(70, (MeasureNames.Spots, 12))),
            (day.AddDays(21), Analysis(65, (MeasureNames.Redness, 35), (MeasureNames.Spots, 11))),
        ];

        var points = TrendPoints.FromAnalyses(analyses, MeasureNames.Redness);

        Assert.Equal(2, points.Count);
        Assert.Equal(new TrendPoint(day, 40, 2.5, 80), points[0]);
        Assert.Equal(new TrendPoint(day.AddDays(21), 35, 2.5, 65), points[1]);
    }
}
