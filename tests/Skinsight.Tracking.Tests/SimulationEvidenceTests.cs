using Skinsight.Tracking.Simulation;
using Xunit.Abstractions;

namespace Skinsight.Tracking.Tests;

/// <summary>
/// Proves on simulated studies with known truth that the regression recovers effects with honest intervals and
/// that the trend verdict rarely calls change in pure noise. Bounds are binomial: for a true rate of 0.95 over
/// n fits the standard error is √(0.95 × 0.05 / n), and the bounds sit about 3 standard errors away.
/// </summary>
public sealed class SimulationEvidenceTests(ITestOutputHelper output)
{
    [Fact]
    public void EffectCoverage_200Studies_CoversTrueEffects()
    {
        // 200 pooled fits: standard error 0.0154, so 0.90-0.99 is about ±3 standard errors around 0.95.
        var report = SimulationStudy.EffectCoverage(new SimulationSettings(), studies: 200, seed: 20261204);
        Print(report);

        Assert.Equal(3, report.Pooled.Count);
        foreach (var active in report.Pooled)
        {
            Assert.InRange(active.Coverage, 0.90, 0.99);
            Assert.InRange(active.Bias, -0.3, 0.3);
        }
    }

    [Fact]
    public void EffectCoverage_200Studies_DetectsRealEffects()
    {
        var report = SimulationStudy.EffectCoverage(new SimulationSettings(), studies: 200, seed: 42, personFitsPerStudy: 0);

        Assert.True(report.Pooled.Single(a => a.Active == "retinol").Rejections > 0.9);
        Assert.True(report.Pooled.Single(a => a.Active == "vitamin-c").Rejections < 0.1);
    }

    [Fact]
    public void TrendVerdicts_PureNoise_RarelyCallsChange()
    {
        // With a 0.05 test alone about 5% of series are significant; the noise-floor rule can only lower that.
        var rates = SimulationStudy.TrendVerdicts(series: 1000, checkIns: 12, noise: 3, slopePerDay: 0, seed: 99);
        output.WriteLine($"{rates}");

        Assert.True(rates.Improving + rates.Worsening <= 0.07);
        Assert.True(rates.Significant <= 0.08);
    }

    [Fact]
    public void TrendVerdicts_RealTrend_IsMostlyFound()
    {
        // −0.2 points a day over 77 days is a fall of about 15 points against noise 3.
        var rates = SimulationStudy.TrendVerdicts(series: 300, checkIns: 12, noise: 3, slopePerDay: -0.2, seed: 5);

        Assert.True(rates.Improving > 0.9);
        Assert.Equal(0, rates.Worsening);
    }

    [MeasurementFact]
    [Trait("Category", "Measurement")]
    public void EffectCoverage_2000Studies_Measurement()
    {
        var report = SimulationStudy.EffectCoverage(new SimulationSettings(), studies: 2000, seed: 1, personFitsPerStudy: 10);
        Print(report);

        foreach (var active in report.Pooled)
        {
            Assert.InRange(active.Coverage, 0.935, 0.965);
        }
    }

    [MeasurementFact]
    [Trait("Category", "Measurement")]
    public void EffectCoverage_FewPeople_Measurement()
    {
        foreach (var people in new[] { 5, 10, 20 })
        {
            var settings = new SimulationSettings { People = people };
            var report = SimulationStudy.EffectCoverage(settings, studies: 2000, seed: 3, personFitsPerStudy: 0);
            foreach (var active in report.Pooled)
            {
                output.WriteLine($"people={people} pooled {active}");
            }
        }
    }

    [MeasurementFact]
    [Trait("Category", "Measurement")]
    public void EffectCoverage_PerPersonWithoutSeason_Measurement()
    {
        // Per-person fits over 12 weeks with the season terms left out: narrower intervals, but the true
        // 3-point seasonal swing is then unmodelled.
        var settings = new SimulationSettings { Regression = new() { AdjustForSeason = false } };
        var report = SimulationStudy.EffectCoverage(settings, studies: 1000, seed: 4, personFitsPerStudy: 10);
        foreach (var active in report.PerPerson)
        {
            output.WriteLine($"per-person no-season {active}");
        }
    }

    [MeasurementFact]
    [Trait("Category", "Measurement")]
    public void TrendVerdicts_Grid_Measurement()
    {
        foreach (var checkIns in new[] { 6, 12, 26 })
        {
            foreach (var slope in new[] { 0.0, -0.02, -0.05, -0.1, -0.2 })
            {
                var rates = SimulationStudy.TrendVerdicts(5000, checkIns, noise: 3, slope, seed: 2);
                output.WriteLine($"checkIns={checkIns} slopePerDay={slope}: {rates}");
            }
        }
    }

    private void Print(CoverageReport report)
    {
        output.WriteLine($"studies={report.Studies} personFitsFailed={report.PersonFitsFailed}");
        foreach (var active in report.Pooled)
        {
            output.WriteLine($"pooled {active}");
        }

        foreach (var active in report.PerPerson)
        {
            output.WriteLine($"per-person {active}");
        }
    }
}
