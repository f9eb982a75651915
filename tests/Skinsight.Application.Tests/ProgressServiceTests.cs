using Skinsight.Application.Privacy;
using Skinsight.Application.Tracking;
using Skinsight.Core.Analysis;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Data.Entities;
using Skinsight.Tracking.Simulation;

namespace Skinsight.Application.Tests;

public class ProgressServiceTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Dashboard_FallingRedness_ImprovingWithOutlierLeftOut()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analyzer = new SequenceAnalyzer(MeasureNames.Redness);
        var service = new CheckInService(temp.Store, analyzer, new FixedClock(s_now));
        var series = new TrackingSimulator(seed: 7).PureNoiseSeries(26, noise: 3, slopePerDay: -0.2);
        for (int i = 0; i < series.Count; i++)
        {
            // Check-in 10 gets a value 30 points off the line, as a badly lit photo would.
            double score = 60 + series[i].Value - 50 + (i == 10 ? 30 : 0);
            analyzer.Enqueue(score, noise: 3, quality: 80);
            await service.AddAsync(person.Id, new CheckInRequest(Time: s_start.AddDays(7 * i)), Samples.Jpeg);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);
        var redness = Assert.Single(dashboard.Measures);

        Assert.Equal(26, dashboard.CheckIns);
        Assert.NotNull(redness.Trend);
        Assert.Equal("improving", redness.Trend.Verdict);
        Assert.Equal(3, redness.Trend.NoiseFloor);
        Assert.InRange(redness.Trend.SlopePerDay, -0.3, -0.1);
        Assert.Equal("outlier", redness.Points[10].Flag);
        Assert.Equal(1, redness.Points.Count(p => p.Flag is not null));
    }

    [Fact]
    public async Task Dashboard_FaceAndCloseup_SeparateSeries()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.AddPlanCreatedAtAsync(person.Id, Samples.Profile(), PlanWithActive(), s_start);
        var analyzer = new SequenceAnalyzer(MeasureNames.Wrinkles);
        var service = new CheckInService(temp.Store, analyzer, new FixedClock(s_now));
        double[] noise = [0.4, -0.3, 0.2, -0.4, 0.1, -0.2, 0.3, 0];
        for (int week = 0; week < noise.Length; week++)
        {
            // Face wrinkles fall by 3 points a week, while close-ups stay near 20, far below the face.
            var steps = new List<StepUseInput> { new(planId, "pm", 0) };
            analyzer.Enqueue(60 - 3 * week + noise[week], noise: 1, quality: 80);
            await service.AddAsync(person.Id, new CheckInRequest(s_start.AddDays(7 * week), Steps: steps), Samples.Jpeg);
            analyzer.Enqueue(20 + noise[week], noise: 1, quality: 80, AnalysisMode.Closeup);
            await service.AddAsync(person.Id, new CheckInRequest(s_start.AddDays(7 * week + 1)), Samples.Jpeg);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);

        Assert.Equal([PhotoSeries.Face, PhotoSeries.Closeup], dashboard.Measures.Select(m => m.Mode));
        Assert.Equal(["wrinkles (face)", "wrinkles (close-up)"], dashboard.Measures.Select(m => m.Label));
        var face = dashboard.Measures[0];
        var closeup = dashboard.Measures[1];
        Assert.All(face.Points, p => Assert.InRange(p.Value, 35, 61));
        Assert.All(closeup.Points, p => Assert.InRange(p.Value, 19, 21));
        Assert.Equal(8, face.Points.Count);
        Assert.Equal("improving", face.Trend?.Verdict);
        Assert.Equal("no-change", closeup.Trend?.Verdict);
        Assert.All(face.Points, p => Assert.Null(p.Flag));
        var keep = Assert.Single(dashboard.Advice, a => a.Step is not null);
        Assert.Equal("keep", keep.Action);
        Assert.Contains("wrinkles (face) improved", keep.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_PhotoValueWithoutMode_OwnSeries()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var at = s_start.UtcDateTime;
        var legacy = new CheckInRecord
        {
            TakenAt = at,
            Values = [new CheckInValueRecord { Source = CheckInValueSource.Photo, Kind = "redness", Value = 40, Unit = "score", MeasuredAt = at }],
        };
        await temp.Store.AddCheckInAsync(person.Id, legacy, null, null);
        var analyzer = new SequenceAnalyzer(MeasureNames.Redness);
        analyzer.Enqueue(45, noise: 3, quality: 80);
        await new CheckInService(temp.Store, analyzer, new FixedClock(s_now))
            .AddAsync(person.Id, new CheckInRequest(s_start.AddDays(7)), Samples.Jpeg);

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);

        Assert.Equal(["redness (face)", "redness (mode unknown)"], dashboard.Measures.Select(m => m.Label));
        Assert.Equal(PhotoSeries.Unknown, dashboard.Measures[1].Mode);
        Assert.Equal(40, Assert.Single(dashboard.Measures[1].Points).Value);
    }

    [Fact]
    public async Task Dashboard_SteadyHydration_NoOutliers()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        double[] hydration = [35, 38, 40, 41, 45];
        for (int i = 0; i < hydration.Length; i++)
        {
            var request = new CheckInRequest(s_start.AddDays(7 * i), Readings: [new ReadingInput("hydration", hydration[i], "AU")]);
            await service.AddAsync(person.Id, request, null);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);
        var measure = Assert.Single(dashboard.Measures);

        Assert.All(measure.Points, p => Assert.Null(p.Flag));
        Assert.Equal(1, measure.Trend?.NoiseFloor);
        Assert.Equal("improving", measure.Trend?.Verdict);
    }

    [Fact]
    public async Task Dashboard_HydrationSpike_FlaggedAsOutlier()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        double[] hydration = [35, 38, 40, 70, 45, 47];
        for (int i = 0; i < hydration.Length; i++)
        {
            var request = new CheckInRequest(s_start.AddDays(7 * i), Readings: [new ReadingInput("hydration", hydration[i], "AU")]);
            await service.AddAsync(person.Id, request, null);
        }

        var measure = Assert.Single((await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id)).Measures);

        Assert.Equal("outlier", measure.Points[3].Flag);
        Assert.Equal(1, measure.Points.Count(p => p.Flag is not null));
    }

    [Fact]
    public async Task Dashboard_NoiseOnly_NoChange()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analyzer = new SequenceAnalyzer(MeasureNames.Redness);
        var service = new CheckInService(temp.Store, analyzer, new FixedClock(s_now));
        foreach (var (point, i) in new TrackingSimulator(seed: 11).PureNoiseSeries(12, noise: 3).Select((p, i) => (p, i)))
        {
            analyzer.Enqueue(point.Value, noise: 3, quality: 80);
            await service.AddAsync(person.Id, new CheckInRequest(Time: s_start.AddDays(7 * i)), Samples.Jpeg);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);

        Assert.Equal("no-change", Assert.Single(dashboard.Measures).Trend?.Verdict);
    }

    [Fact]
    public async Task Dashboard_TwoCheckIns_ExplainsMissingTrend()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        for (int i = 0; i < 2; i++)
        {
            var ratings = new Dictionary<string, double> { ["dryness"] = 5 - i };
            await service.AddAsync(person.Id, new CheckInRequest(s_start.AddDays(7 * i), ratings), null);
        }

        var dryness = Assert.Single((await new ProgressService(temp.Store).GetDashboardAsync(person.Id)).Measures);

        Assert.Null(dryness.Trend);
        Assert.Contains("at least 3 usable check-ins", dryness.TrendNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Effects_AdapaleneOnAndOff_Estimated()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.AddPlanCreatedAtAsync(person.Id, Samples.Profile(), PlanWithAdapalene(), s_start);
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        double[] adapalene = [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0];
        double[] noise = [0.3, -0.2, 0.1, -0.3, 0.2, 0, -0.1, 0.3, -0.2, 0.1, -0.3, 0.2, 0, -0.1];
        for (int i = 0; i < adapalene.Length; i++)
        {
            // Irritation rises by 3 points in the weeks with adapalene.
            var ratings = new Dictionary<string, double> { ["irritation"] = 2 + 3 * adapalene[i] + noise[i] };
            await service.AddAsync(person.Id, new CheckInRequest(s_start.AddDays(7 * i), ratings, Steps: AllSteps(planId, adapalene[i])), null);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);
        var irritation = Assert.Single(dashboard.Measures);
        var effect = Assert.Single(irritation.Effects);

        Assert.Equal("adapalene", effect.Active);
        Assert.InRange(effect.Estimate, 2.5, 3.5);
        Assert.True(effect.PValue < 0.05);
        Assert.Null(irritation.EffectsNote);
    }

    [Fact]
    public async Task Effects_AdherenceMirrorsAdapalene_LeftOut()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.AddPlanCreatedAtAsync(person.Id, Samples.Profile(), PlanWithAdapalene(), s_start);
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        double[] adapalene = [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1];
        for (int i = 0; i < adapalene.Length; i++)
        {
            // The cleanser and moisturiser are used exactly when adapalene is not, so adherence mirrors it.
            var steps = new List<StepUseInput>
            {
                new(planId, "pm", 0, 1 - adapalene[i]),
                new(planId, "pm", 1, 1 - adapalene[i]),
                new(planId, "pm", 2, adapalene[i]),
            };
            var ratings = new Dictionary<string, double> { ["irritation"] = 2 + 3 * adapalene[i] + 0.1 * (i % 3) };
            await service.AddAsync(person.Id, new CheckInRequest(s_start.AddDays(7 * i), ratings, Steps: steps), null);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);
        var irritation = Assert.Single(dashboard.Measures);

        Assert.Equal("adapalene", Assert.Single(irritation.Effects).Active);
        Assert.Contains("left out of the fit", irritation.EffectsNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Effects_AdapaleneEveryWeek_NoteNamesIt()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.AddPlanCreatedAtAsync(person.Id, Samples.Profile(), PlanWithAdapalene(), s_start);
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        for (int i = 0; i < 8; i++)
        {
            var ratings = new Dictionary<string, double> { ["irritation"] = 3 + 0.2 * (i % 2) };
            await service.AddAsync(person.Id, new CheckInRequest(s_start.AddDays(7 * i), ratings, Steps: AllSteps(planId, 1)), null);
        }

        var irritation = Assert.Single((await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id)).Measures);

        Assert.Empty(irritation.Effects);
        Assert.Contains("(adapalene)", irritation.EffectsNote, StringComparison.Ordinal);
    }

    private static List<StepUseInput> AllSteps(Guid planId, double adapalene) =>
        [new(planId, "pm", 0), new(planId, "pm", 1), new(planId, "pm", 2, adapalene)];

    /// <summary>A cleanser and a moisturiser without curated actives, then an adapalene treatment.</summary>
    private static SkincarePlan PlanWithAdapalene() => new()
    {
        Am = [],
        Pm =
        [
            new RoutineStep("cleanse", "daily", "Cleans.", null, ["a mild surfactant"], []),
            new RoutineStep("moisturise", "daily", "Softens.", null, ["Glycerin"], [Concerns.Dryness]),
            new RoutineStep("treat", "daily", "Clears pores.", null, ["Adapalene"], [Concerns.Acne]),
        ],
    };

    [Fact]
    public async Task Advice_HighIrritation_DropsTheActiveStep()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.AddPlanCreatedAtAsync(person.Id, Samples.Profile(), PlanWithActive(), s_now.AddDays(-1));
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        var ratings = new Dictionary<string, double> { ["irritation"] = 8 };
        await service.AddAsync(person.Id, new CheckInRequest(s_now.AddHours(-1), ratings, Steps: [new StepUseInput(planId, "pm", 0)]), null);

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(s_now)).GetDashboardAsync(person.Id);
        var advice = Assert.Single(dashboard.Advice, a => a.Step is not null);

        Assert.Equal("drop-active", advice.Action);
        Assert.Equal("pm", advice.Routine);
        Assert.Equal(0, advice.Step);
        Assert.Contains("retinol", advice.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(dashboard.Advice, a => a.Action == "keep");
    }

    [Fact]
    public async Task Advice_NoImprovementAfterReview_SwapsTheStep()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.Store.AddPlanAsync(person.Id, Samples.Profile(), PlanWithActive(), null);
        var later = DateTimeOffset.UtcNow.AddDays(AdjustmentRules.Default.ReviewAfterDays + 1);
        var analyzer = new SequenceAnalyzer(MeasureNames.Wrinkles);
        var service = new CheckInService(temp.Store, analyzer, new FixedClock(later));
        foreach (var (point, i) in new TrackingSimulator(seed: 5).PureNoiseSeries(8, noise: 3).Select((p, i) => (p, i)))
        {
            analyzer.Enqueue(point.Value, noise: 3, quality: 80);
            var request = new CheckInRequest(later.AddDays(-7 * i), Steps: [new StepUseInput(planId, "pm", 0)]);
            await service.AddAsync(person.Id, request, Samples.Jpeg);
        }

        var dashboard = await new ProgressService(temp.Store, clock: new FixedClock(later)).GetDashboardAsync(person.Id);

        Assert.Equal("no-change", dashboard.Measures.Single(m => m.Kind == MeasureNames.Wrinkles).Trend?.Verdict);
        Assert.Equal("swap-step", Assert.Single(dashboard.Advice).Action);
    }

    [Fact]
    public async Task Efficacy_SimulatedStudyThroughStore_IntervalsCoverTrueEffects()
    {
        // The simulator is a test instrument: its people exist only in this temporary store.
        var settings = StudySettings(people: 40);
        var study = new TrackingSimulator(seed: 21).Simulate(settings);
        await using var temp = await TempStore.OpenAsync();
        await StoreStudyAsync(temp, study);

        var report = await new EfficacyService(temp.Store).ReportAsync();
        string faceRedness = PhotoSeries.Label(MeasureNames.Redness, PhotoSeries.Face);
        var rows = report.Estimates.Where(e => e.Measure == faceRedness && e.SkinType is null).ToList();

        Assert.Equal(40, report.People);
        Assert.Equal(study.CheckIns.Count, report.CheckIns);
        foreach (var (active, effect) in settings.TrueEffects)
        {
            var row = Assert.Single(rows, r => r.Active == active);
            double trueImprovement = -effect;
            Assert.True(row.Lower <= trueImprovement && trueImprovement <= row.Upper,
                $"{active}: interval {row.Lower:0.00} to {row.Upper:0.00} misses the true improvement {trueImprovement}");
        }

        Assert.True(rows.Single(r => r.Active == "retinol").PValue < 0.05);
        Assert.True(rows.Single(r => r.Active == "niacinamide").PValue < 0.05);
    }

    /// <summary>
    /// Simulation settings whose actives are ids of the ingredient knowledge, because only curated actives count
    /// as exposures. Each plan step names its active by an INCI name, the id with spaces for hyphens.
    /// </summary>
    private static SimulationSettings StudySettings(int people) => new()
    {
        People = people,
        EarliestStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        TrueEffects = new Dictionary<string, double> { ["niacinamide"] = -4, ["retinol"] = -6, ["ascorbic-acid"] = 0 },
    };

    private static Task StoreStudyAsync(TempStore temp, SimulatedStudy study) =>
        StoreStudyAsync(temp, study, _ => ConsentTexts.For(ConsentPurpose.Research).Version);

    /// <param name="researchVersion">The research consent text version each person agreed to, or null for none.</param>
    private static async Task StoreStudyAsync(TempStore temp, SimulatedStudy study, Func<string, string?> researchVersion)
    {
        var actives = study.Settings.TrueEffects.Keys.ToList();
        var plan = new SkincarePlan
        {
            Am = [new RoutineStep("cleanse", "daily", "Cleans.", null, [], [])],
            Pm = actives
                .Select(a => new RoutineStep("treat", "daily", "Treats.", null, [a.Replace('-', ' ')], [Concerns.Redness]))
                .ToList(),
        };
        var analyzer = new SequenceAnalyzer(MeasureNames.Redness);
        var service = new CheckInService(temp.Store, analyzer);
        foreach (var person in study.People)
        {
            var stored = await temp.Store.GetOrCreatePersonAsync(person.PersonId);
            await temp.Store.GrantConsentAsync(stored.Id, ConsentPurpose.Analysis, ConsentTexts.For(ConsentPurpose.Analysis).Version);
            if (researchVersion(person.PersonId) is { } version)
            {
                await temp.Store.GrantConsentAsync(stored.Id, ConsentPurpose.Research, version);
            }

            var profile = new SkinProfile { Age = 30, SkinType = SkinType.Normal, Concerns = [Concerns.Redness] };
            var planId = await temp.AddPlanCreatedAtAsync(stored.Id, profile, plan, study.Settings.EarliestStart);
            foreach (var checkIn in study.CheckIns.Where(c => c.PersonId == person.PersonId))
            {
                analyzer.Enqueue(checkIn.Outcome, study.Settings.MeasurementNoise, checkIn.Quality ?? 100);
                var steps = new List<StepUseInput> { new(planId, "am", 0, checkIn.Adherence) };
                steps.AddRange(actives.Select((a, i) => new StepUseInput(planId, "pm", i, checkIn.Exposures.GetValueOrDefault(a))));
                await service.AddAsync(stored.Id, new CheckInRequest(checkIn.Time, Steps: steps), Samples.Jpeg);
            }
        }
    }

    [Fact]
    public async Task Efficacy_PoolsOnlyPeopleWithResearchConsentThatNamesCheckIns()
    {
        var settings = StudySettings(people: 12);
        var study = new TrackingSimulator(seed: 5).Simulate(settings);
        await using var temp = await TempStore.OpenAsync();
        var people = study.People.Select(p => p.PersonId).ToList();
        string current = ConsentTexts.For(ConsentPurpose.Research).Version;

        // Six agree to the current text, three only to the first text (exports only), three to nothing.
        await StoreStudyAsync(temp, study, id => people.IndexOf(id) switch
        {
            < 6 => current,
            < 9 => "2026-12-04",
            _ => null,
        });
        var withdrawing = await temp.Store.GetOrCreatePersonAsync(people[0]);
        await temp.Store.WithdrawConsentAsync(withdrawing.Id, ConsentPurpose.Research);

        var report = await new EfficacyService(temp.Store).ReportAsync(minPeople: 5);

        Assert.Equal(5, report.People);
        Assert.Equal(study.CheckIns.Count(c => people.IndexOf(c.PersonId) is >= 1 and < 6), report.CheckIns);
    }

    [Fact]
    public async Task Efficacy_GroupsSmallerThanTheConsentPromiseAreRefused()
    {
        await using var temp = await TempStore.OpenAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new EfficacyService(temp.Store).ReportAsync(minPeople: 4));
    }

    private static SkincarePlan PlanWithActive() => new()
    {
        Am = [new RoutineStep("cleanse", "daily", "Cleans.", null, [], [])],
        Pm = [new RoutineStep("treat", "3 nights a week", "Smooths lines.", null, ["retinol"], [Concerns.Wrinkles])],
    };
}
