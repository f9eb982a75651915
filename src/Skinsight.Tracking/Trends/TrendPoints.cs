using Skinsight.Core.Analysis;

namespace Skinsight.Tracking.Trends;

/// <summary>Builds trend series from stored photo analyses.</summary>
public static class TrendPoints
{
    /// <summary>
    /// Returns one point per analysis that has <paramref name="measure"/>, with the measure's score and noise and
    /// the photo's quality score. Analyses rejected by the quality gate carry no measures and are skipped.
    /// </summary>
    /// <param name="measure">A name from <see cref="MeasureNames"/>, e.g. <c>redness</c>.</param>
    public static IReadOnlyList<TrendPoint> FromAnalyses(
        IEnumerable<(DateTimeOffset Time, SkinAnalysis Analysis)> analyses,
        string measure)
    {
        ArgumentNullException.ThrowIfNull(analyses);
        ArgumentException.ThrowIfNullOrEmpty(measure);
        var points = new List<TrendPoint>();
        foreach (var (time, analysis) in analyses)
        {
            if (analysis.Metrics.TryGetValue(measure, out var result))
            {
                points.Add(new TrendPoint(time, result.Score, result.Noise, analysis.Quality.Score));
            }
        }

        return points;
    }
}
