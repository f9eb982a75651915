using Skinsight.Tracking;

namespace Skinsight.Application.Tracking;

/// <summary>Image format of a progress chart.</summary>
public enum ChartFormat
{
    Png,
    Svg,
}

/// <summary>
/// Draws one measure's progress with ScottPlot: the values over time, points left out of the trend, the
/// Theil-Sen line and the noise band of ± one noise floor around it.
/// </summary>
public static class ProgressChart
{
    public const int Width = 800;
    public const int Height = 450;

    /// <summary>Renders the chart of <paramref name="measure"/> as PNG bytes or SVG text in UTF-8.</summary>
    /// <exception cref="TrackingException">The measure has no values to draw.</exception>
    public static byte[] Render(MeasureProgress measure, ChartFormat format)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (measure.Points.Count == 0)
        {
            throw new TrackingException($"Measure {measure.Label} has no check-ins to draw; add a check-in first.");
        }

        var plot = Build(measure);
        try
        {
            return format == ChartFormat.Svg
                ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height))
                : plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
        }
        finally
        {
            plot.Dispose();
        }
    }

    /// <summary>Builds the chart of <paramref name="measure"/>; the caller disposes the plot.</summary>
    internal static ScottPlot.Plot Build(MeasureProgress measure)
    {
        var plot = new ScottPlot.Plot();
        Draw(plot, measure);
        return plot;
    }

    private static void Draw(ScottPlot.Plot plot, MeasureProgress measure)
    {
        var used = measure.Points.Where(p => p.Flag is null).ToList();
        var flagged = measure.Points.Where(p => p.Flag is not null).ToList();
        if (measure.Trend is { } trend)
        {
            DrawTrend(plot, trend, used);
        }

        var usedMarkers = plot.Add.ScatterPoints(X(used), used.Select(p => p.Value).ToArray());
        usedMarkers.LegendText = "check-in";
        usedMarkers.MarkerSize = 7;
        if (flagged.Count > 0)
        {
            var flaggedMarkers = plot.Add.ScatterPoints(X(flagged), flagged.Select(p => p.Value).ToArray());
            flaggedMarkers.LegendText = "left out (low quality or outlier)";
            flaggedMarkers.MarkerShape = ScottPlot.MarkerShape.Eks;
            flaggedMarkers.Color = ScottPlot.Colors.Red;
            flaggedMarkers.MarkerSize = 10;
        }

        string verdict = measure.Trend?.Verdict ?? "too few check-ins for a trend";
        plot.Title($"{measure.Label}: {verdict}");
        plot.YLabel($"{measure.Kind} ({measure.Unit})");
        plot.Axes.DateTimeTicksBottom();
        // A legend inside the data area covered the newest points or the noise band, so it sits below the axes.
        plot.ShowLegend(ScottPlot.Edge.Bottom);
    }

    private static void DrawTrend(ScottPlot.Plot plot, TrendSummary trend, List<ProgressPoint> used)
    {
        if (used.Count == 0)
        {
            return;
        }

        var days = used.Select(p => (p.Time - trend.Start).TotalDays).ToArray();
        var line = days.Select(d => trend.Intercept + trend.SlopePerDay * d).ToArray();
        var xs = X(used);
        if (trend.NoiseFloor > 0)
        {
            var band = plot.Add.FillY(
                xs, line.Select(v => v - trend.NoiseFloor).ToArray(), line.Select(v => v + trend.NoiseFloor).ToArray());
            band.LegendText = "noise band (± noise floor)";
            band.FillColor = ScottPlot.Colors.Gray.WithAlpha(0.25);
            band.LineWidth = 0;
        }

        var fitted = plot.Add.ScatterLine(xs, line);
        fitted.LegendText = "Theil-Sen trend";
        fitted.LineWidth = 2;
    }

    private static double[] X(IEnumerable<ProgressPoint> points) =>
        points.Select(p => p.Time.UtcDateTime.ToOADate()).ToArray();
}
