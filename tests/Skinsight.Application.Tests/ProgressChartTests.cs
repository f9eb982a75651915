using Skinsight.Application.Tracking;

namespace Skinsight.Application.Tests;

public class ProgressChartTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Build_RisingHydration_LegendOutsideDataArea()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        double[] hydration = [30, 33, 35, 38, 41, 43, 46, 49];
        for (int i = 0; i < hydration.Length; i++)
        {
            var request = new CheckInRequest(s_start.AddDays(7 * i), Readings: [new ReadingInput("hydration", hydration[i], "AU")]);
            await service.AddAsync(person.Id, request, null);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);
        using var plot = ProgressChart.Build(Assert.Single(dashboard.Measures));
        byte[] png = plot.GetImageBytes(ProgressChart.Width, ProgressChart.Height, ScottPlot.ImageFormat.Png);

        Assert.False(plot.Legend.IsVisible);
        var legend = Assert.Single(plot.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel);
        Assert.Equal(ScottPlot.Edge.Bottom, legend.Edge);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
    }
}
