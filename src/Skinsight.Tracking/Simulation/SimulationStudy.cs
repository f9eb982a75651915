using Skinsight.Tracking.Regression;
using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Simulation;

/// <summary>How well one active's true effect was recovered over many simulated studies.</summary>
/// <param name="Fits">Fits that produced an estimate for the active.</param>
/// <param name="Coverage">Share of confidence intervals that contain the true effect.</param>
/// <param name="Rejections">Share of fits whose p-value was below 1 − the confidence level.</param>
public sealed record ActiveCoverage(
    string Active,
    double TrueEffect,
    int Fits,
    double MeanEstimate,
    double Bias,
    double RootMeanSquareError,
    double Coverage,
    double MeanIntervalWidth,
    double Rejections);

/// <summary>Coverage of the pooled fit per active over many studies, and of per-person fits pooled together.</summary>
/// <param name="PersonFitsFailed">Per-person fits that could not run, e.g. too few check-ins for the terms.</param>
public sealed record CoverageReport(
    int Studies,
    IReadOnlyList<ActiveCoverage> Pooled,
    IReadOnlyList<ActiveCoverage> PerPerson,
    int PersonFitsFailed);

/// <summary>Shares of trend verdicts over many simulated series with a known slope.</summary>
/// <param name="Significant">Share with a Mann-Kendall p-value below alpha, before the noise-floor rule.</param>
/// <param name="WithChangePoint">Share in which at least one change point was reported.</param>
public sealed record TrendVerdictRates(
    int Series,
    double Improving,
    double Worsening,
    double NoChange,
    double Significant,
    double WithChangePoint);

/// <summary>
/// Runs the statistics on many simulated studies and compares them with the truth. A test instrument: the
/// numbers describe the methods, not any real person.
/// </summary>
public static class SimulationStudy
{
    /// <summary>Simulates <paramref name="studies"/> studies and measures how often the intervals cover the truth.</summary>
    /// <param name="personFitsPerStudy">How many people per study also get a per-person fit (0 for none).</param>
    public static CoverageReport EffectCoverage(
        SimulationSettings settings,
        int studies,
        int seed,
        int personFitsPerStudy = 5)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(studies, 1);
        var simulator = new TrackingSimulator(seed);
        var pooled = new Dictionary<string, List<Coefficient>>();
        var perPerson = new Dictionary<string, List<Coefficient>>();
        var failed = 0;
        for (var s = 0; s < studies; s++)
        {
            var study = simulator.Simulate(settings);
            Collect(pooled, EffectRegression.FitPooled(study.CheckIns, settings.Regression));
            foreach (var person in study.People.Take(personFitsPerStudy))
            {
                try
                {
                    var own = study.CheckIns.Where(c => c.PersonId == person.PersonId);
                    Collect(perPerson, EffectRegression.FitPerson(own, settings.Regression));
                }
                catch (TrackingException)
                {
                    // Too few check-ins left for the terms: counted, because a real person would get no fit either.
                    failed++;
                }
            }
        }

        var level = settings.Regression.ConfidenceLevel;
        return new CoverageReport(studies, Summarise(pooled, settings, level), Summarise(perPerson, settings, level), failed);
    }

    /// <summary>Analyses <paramref name="series"/> simulated series and counts the verdicts.</summary>
    /// <param name="slopePerDay">True slope; 0 measures the false-positive rate of the verdict.</param>
    public static TrendVerdictRates TrendVerdicts(
        int series,
        int checkIns,
        double noise,
        double slopePerDay,
        int seed,
        TrendOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(series, 1);
        options ??= new TrendOptions();
        var simulator = new TrackingSimulator(seed);
        int improving = 0, worsening = 0, significant = 0, withChange = 0;
        for (var i = 0; i < series; i++)
        {
            var report = TrendAnalysis.Analyze(simulator.PureNoiseSeries(checkIns, noise, slopePerDay), options);
            improving += report.Verdict == TrendVerdict.Improving ? 1 : 0;
            worsening += report.Verdict == TrendVerdict.Worsening ? 1 : 0;
            significant += report.MannKendall.PValue < options.Alpha ? 1 : 0;
            withChange += report.ChangePoints.Count > 0 ? 1 : 0;
        }

        double total = series;
        return new TrendVerdictRates(
            series,
            improving / total,
            worsening / total,
            (series - improving - worsening) / total,
            significant / total,
            withChange / total);
    }

    private static void Collect(Dictionary<string, List<Coefficient>> into, EffectFit fit)
    {
        foreach (var effect in fit.Effects)
        {
            if (!into.TryGetValue(effect.Term, out var list))
            {
                into[effect.Term] = list = [];
            }

            list.Add(effect);
        }
    }

    private static List<ActiveCoverage> Summarise(
        Dictionary<string, List<Coefficient>> estimates,
        SimulationSettings settings,
        double level)
    {
        var result = new List<ActiveCoverage>();
        foreach (var (active, truth) in settings.TrueEffects.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!estimates.TryGetValue(active, out var list) || list.Count == 0)
            {
                continue;
            }

            var mean = list.Average(c => c.Estimate);
            result.Add(new ActiveCoverage(
                active,
                truth,
                list.Count,
                mean,
                mean - truth,
                Math.Sqrt(list.Average(c => (c.Estimate - truth) * (c.Estimate - truth))),
                list.Count(c => c.Lower <= truth && truth <= c.Upper) / (double)list.Count,
                list.Average(c => c.Upper - c.Lower),
                list.Count(c => c.PValue < 1 - level) / (double)list.Count));
        }

        return result;
    }
}
