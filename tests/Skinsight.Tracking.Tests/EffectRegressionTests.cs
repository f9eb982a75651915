using Skinsight.Tracking.Regression;

namespace Skinsight.Tracking.Tests;

public sealed class EffectRegressionTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly RegressionOptions s_plain = new() { AdjustForSeason = false, AdjustForAdherence = false };

    private static CheckIn Visit(string person, int day, double outcome, double retinol) =>
        new(person, s_start.AddDays(day), outcome, new Dictionary<string, double> { ["retinol"] = retinol });

    [Fact]
    public void FitPerson_TwoGroups_MatchesHandComputation()
    {
        // Intercept = mean of the unexposed (1.5) and effect = 4.5 − 1.5 = 3. RSS = 5 on 2 df, so σ² = 2.5 and
        // Var(effect) = σ² (1/2 + 1/2). With t(0.975, 2) = 4.302653 the interval is 3 ± 6.803, and the p-value
        // follows from the closed-form t CDF with 2 df: 1/2 + t / (2√(2 + t²)).
        CheckIn[] checkIns = [Visit("a", 0, 1, 0), Visit("a", 7, 2, 0), Visit("a", 14, 3, 1), Visit("a", 21, 6, 1)];

        var fit = FitPersonPlain(checkIns);

        var effect = fit.Effect("retinol");
        Assert.NotNull(effect);
        Assert.Equal(3, effect.Estimate, 10);
        Assert.Equal(Math.Sqrt(2.5), effect.StandardError, 10);
        Assert.Equal(-3.8030913036, effect.Lower, 8);
        Assert.Equal(9.8030913036, effect.Upper, 8);
        Assert.Equal(1.8973665961, effect.T, 8);
        Assert.Equal(0.1982162743, effect.PValue, 8);
        Assert.Equal(2, fit.DegreesOfFreedom);
        Assert.Equal(StandardErrorKind.Classical, fit.Kind);
        Assert.Equal(1.5, Assert.Single(fit.Covariates).Estimate, 10);
    }

    [Fact]
    public void FitPooled_ThreePeople_MatchesHandClusterComputation()
    {
        // Each person has one visit without and one with retinol; within-person differences are 2, 4 and 9,
        // so the fixed-effects estimate is their mean, 5. The demeaned exposure is ±0.5, so XᵀX for the effect
        // is 1.5 and each person's score is (d − 5) / 2, giving a meat of (9 + 1 + 16) / 4 = 6.5. The small-sample
        // factor is 3/2 × 5/2, so Var = 3.75 × 6.5 / 1.5² = 10.8333 on 2 df.
        CheckIn[] checkIns =
        [
            Visit("a", 0, 10, 0), Visit("a", 7, 12, 1),
            Visit("b", 0, 50, 0), Visit("b", 7, 54, 1),
            Visit("c", 0, 30, 0), Visit("c", 7, 39, 1),
        ];

        var fit = EffectRegression.FitPooled(checkIns, s_plain);

        var effect = fit.Effect("retinol");
        Assert.NotNull(effect);
        Assert.Equal(5, effect.Estimate, 10);
        Assert.Equal(3.2914029430, effect.StandardError, 8);
        Assert.Equal(-9.1617638580, effect.Lower, 8);
        Assert.Equal(19.1617638580, effect.Upper, 8);
        Assert.Equal(0.2680749453, effect.PValue, 8);
        Assert.Equal(2, fit.DegreesOfFreedom);
        Assert.Equal(3, fit.People);
        Assert.Equal(StandardErrorKind.ClusterRobust, fit.Kind);
        Assert.Empty(fit.Covariates);
    }

    [Fact]
    public void FitPerson_ExactLinearData_RecoversAllTerms()
    {
        // outcome = 40 − 6·retinol + 4·adherence + 3·sin + 2·cos with no error, over a full year of check-ins.
        var checkIns = Enumerable.Range(0, 40).Select(k =>
        {
            var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(9 * k);
            var angle = 2 * Math.PI * (time.DayOfYear - 1) / 365.25;
            double[] retinolCycle = [1, 0.5, 0];
            var retinol = retinolCycle[k % 3];
            var adherence = 0.5 + 0.1 * (k % 5);
            var outcome = 40 - 6 * retinol + 4 * adherence + 3 * Math.Sin(angle) + 2 * Math.Cos(angle);
            return new CheckIn("a", time, outcome, new Dictionary<string, double> { ["retinol"] = retinol }, adherence);
        }).ToList();

        var fit = EffectRegression.FitPerson(checkIns);

        Assert.Equal(-6, fit.Effect("retinol")!.Estimate, 8);
        Assert.Equal(40, Covariate(fit, EffectRegression.InterceptTerm), 8);
        Assert.Equal(4, Covariate(fit, EffectRegression.AdherenceTerm), 8);
        Assert.Equal(3, Covariate(fit, EffectRegression.SeasonSinTerm), 8);
        Assert.Equal(2, Covariate(fit, EffectRegression.SeasonCosTerm), 8);
        Assert.Empty(fit.Dropped);
    }

    [Fact]
    public void FitPerson_ActiveAlwaysUsed_IsDropped()
    {
        CheckIn[] checkIns = [Visit("a", 0, 5, 1), Visit("a", 7, 6, 1), Visit("a", 14, 4, 1)];

        var fit = FitPersonPlain(checkIns);

        Assert.Null(fit.Effect("retinol"));
        Assert.Equal(["retinol"], fit.Dropped);
    }

    [Fact]
    public void FitPerson_ActivesStartedTogether_AreAliased()
    {
        // Retinol and niacinamide have identical exposure, so only their sum is estimable: retinol is dropped
        // and niacinamide, which would carry the sum, is withheld too.
        CheckIn[] checkIns =
        [
            Both("a", 0, 5, 0), Both("a", 7, 6, 0), Both("a", 14, 2, 1), Both("a", 21, 1, 1), Both("a", 28, 2, 1),
        ];

        var fit = FitPersonPlain(checkIns);

        Assert.Empty(fit.Effects);
        Assert.Equal(["retinol"], fit.Dropped);
        Assert.Equal(["niacinamide"], fit.Aliased);
    }

    [Fact]
    public void FitPerson_ExposureEqualsAdherence_IsAliased()
    {
        // Exposure equals adherence at every check-in, so the data cannot separate the active from adherence.
        var checkIns = Enumerable.Range(0, 6)
            .Select(k => new CheckIn(
                "a", s_start.AddDays(7 * k), 10 - k, new Dictionary<string, double> { ["retinol"] = 0.5 + 0.1 * k }, 0.5 + 0.1 * k))
            .ToList();

        var fit = EffectRegression.FitPerson(checkIns, s_plain with { AdjustForAdherence = true });

        Assert.Null(fit.Effect("retinol"));
        Assert.Equal([EffectRegression.AdherenceTerm], fit.Dropped);
        Assert.Equal(["retinol"], fit.Aliased);
    }

    [Fact]
    public void FitPerson_ConstantAdherence_DropsAdherenceTerm()
    {
        CheckIn[] checkIns = [Visit("a", 0, 5, 0), Visit("a", 7, 6, 1), Visit("a", 14, 4, 0), Visit("a", 21, 2, 1)];

        var fit = EffectRegression.FitPerson(checkIns, s_plain with { AdjustForAdherence = true });

        Assert.Contains(EffectRegression.AdherenceTerm, fit.Dropped);
        Assert.NotNull(fit.Effect("retinol"));
    }

    [Fact]
    public void FitPerson_LowQualityPhoto_IsExcluded()
    {
        CheckIn[] checkIns =
        [
            Visit("a", 0, 1, 0), Visit("a", 7, 2, 0), Visit("a", 14, 3, 1), Visit("a", 21, 6, 1),
            Visit("a", 28, 90, 1) with { Quality = 10 },
        ];

        var fit = FitPersonPlain(checkIns);

        Assert.Equal(1, fit.Excluded);
        Assert.Equal(4, fit.Observations);
        Assert.Equal(3, fit.Effect("retinol")!.Estimate, 10);
    }

    [Fact]
    public void FitPerson_TwoPeople_ThrowsTrackingException()
    {
        CheckIn[] checkIns = [Visit("a", 0, 1, 0), Visit("b", 7, 2, 1), Visit("a", 14, 3, 1)];

        var error = Assert.Throws<TrackingException>(() => FitPersonPlain(checkIns));

        Assert.Contains("FitPooled", error.Message);
    }

    [Fact]
    public void FitPooled_ActiveConstantPerPerson_IsDropped()
    {
        // Person a always uses retinol and b never does, so retinol is absorbed by the fixed effects.
        CheckIn[] checkIns =
        [
            Visit("a", 0, 10, 1), Visit("a", 7, 12, 1), Visit("a", 14, 11, 1),
            Visit("b", 0, 50, 0), Visit("b", 7, 54, 0), Visit("b", 14, 52, 0),
        ];

        var fit = EffectRegression.FitPooled(checkIns, s_plain);

        Assert.Null(fit.Effect("retinol"));
        Assert.Equal(["retinol"], fit.Dropped);
    }

    [Fact]
    public void FitPooled_OnePerson_ThrowsTrackingException()
    {
        CheckIn[] checkIns = [Visit("a", 0, 1, 0), Visit("a", 7, 2, 1), Visit("a", 14, 3, 1)];

        var error = Assert.Throws<TrackingException>(() => EffectRegression.FitPooled(checkIns, s_plain));

        Assert.Contains("at least 2 people", error.Message);
    }

    [Fact]
    public void FitPerson_ExposureAboveOne_ThrowsTrackingException()
    {
        CheckIn[] checkIns = [Visit("a", 0, 1, 0), Visit("a", 7, 2, 3), Visit("a", 14, 3, 1)];

        var error = Assert.Throws<TrackingException>(() => FitPersonPlain(checkIns));

        Assert.Contains("exposure 3 for 'retinol'", error.Message);
    }

    [Fact]
    public void FitPerson_TooFewCheckIns_Throws()
    {
        CheckIn[] checkIns = [Visit("a", 0, 1, 0), Visit("a", 7, 2, 1)];

        var error = Assert.Throws<TrackingException>(() => FitPersonPlain(checkIns));

        Assert.Contains("2 terms but only 2 usable check-ins", error.Message);
    }

    private static CheckIn Both(string person, int day, double outcome, double exposure) =>
        new(person, s_start.AddDays(day), outcome, new Dictionary<string, double>
        {
            ["niacinamide"] = exposure,
            ["retinol"] = exposure,
        });

    private static EffectFit FitPersonPlain(IEnumerable<CheckIn> checkIns) =>
        EffectRegression.FitPerson(checkIns, s_plain);

    private static double Covariate(EffectFit fit, string term) => fit.Covariates.Single(c => c.Term == term).Estimate;
}
