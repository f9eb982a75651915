using Skinsight.Application.Privacy;
using Skinsight.Application.Tracking;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;
using Skinsight.Tracking;

namespace Skinsight.Application.Tests;

public class CheckInServiceTests
{
    private static readonly DateTimeOffset s_now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, CheckInRequest> InvalidRequests => new()
    {
        { "'glow'", new CheckInRequest(Ratings: new Dictionary<string, double> { ["glow"] = 3 }) },
        { "The dryness rating 11 is outside 0 to 10; rate from 0 (none) to 10 (most).", new CheckInRequest(Ratings: new Dictionary<string, double> { ["dryness"] = 11 }) },
        { "irritation rating -1 is outside 0 to 10", new CheckInRequest(Ratings: new Dictionary<string, double> { ["irritation"] = -1 }) },
        { "Unit 'kg'", new CheckInRequest(Readings: [new ReadingInput("hydration", 40, "kg")]) },
        { "'heart-rate'", new CheckInRequest(Readings: [new ReadingInput("heart-rate", 60, "bpm")]) },
        { "null reading", new CheckInRequest(Readings: [null!]) },
        { "A reading has no kind", new CheckInRequest(Readings: [new ReadingInput(null!, 40, "AU")]) },
        { "The hydration reading has no unit; send one of 'AU', 'a.u.'.", new CheckInRequest(Readings: [new ReadingInput("hydration", 40, null!)]) },
        { "null step", new CheckInRequest(Steps: [null!]) },
        { "ambient-humidity value 140", new CheckInRequest(Readings: [new ReadingInput("ambient-humidity", 140, "%")]) },
        { "skin-temperature value 50", new CheckInRequest(Readings: [new ReadingInput("skin-temperature", 50, "C")]) },
        { "in the future", new CheckInRequest(Time: s_now.AddDays(1), Ratings: new Dictionary<string, double> { ["dryness"] = 2 }) },
        { "more than a day", new CheckInRequest(Readings: [new ReadingInput("hydration", 40, "AU", s_now.AddDays(-3))]) },
        { "empty", new CheckInRequest() },
        {
            "The skin-temperature value 200 F is outside the plausible range 20 to 42 C (68 to 107.6 F)",
            new CheckInRequest(Readings: [new ReadingInput("skin-temperature", 200, "F")])
        },
        {
            "The uv-dose value 20000 J/m2 is outside the plausible range 0 to 100 SED (0 to 10000 J/m2)",
            new CheckInRequest(Readings: [new ReadingInput("uv-dose", 20000, "J/m2")])
        },
        {
            "1900-01-01T00:00:00.0000000+00:00 is before 2000-01-01",
            new CheckInRequest(Time: new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), Ratings: new Dictionary<string, double> { ["dryness"] = 2 })
        },
        {
            "reading time 1999-12-31T23:00:00.0000000+00:00 is before 2000-01-01",
            new CheckInRequest(
                Time: new DateTimeOffset(2000, 1, 1, 0, 30, 0, TimeSpan.Zero),
                Readings: [new ReadingInput("hydration", 40, "AU", new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.Zero))])
        },
    };

    [Fact]
    public async Task Add_WithoutAnalysisConsent_ThrowsAndStoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("someone");
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        var request = new CheckInRequest(Ratings: new Dictionary<string, double> { ["dryness"] = 4 });

        var error = await Assert.ThrowsAsync<ConsentRequiredException>(() => service.AddAsync(person.Id, request, null));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal(ConsentPurpose.Analysis, error.Consent.Purpose);
        Assert.Empty(await temp.Store.ListCheckInsAsync(person.Id));
    }

    [Fact]
    public async Task Add_WithAnalysisConsent_Stores()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("someone");
        await temp.Store.GrantConsentAsync(person.Id, ConsentPurpose.Analysis, ConsentTexts.For(ConsentPurpose.Analysis).Version);
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        var request = new CheckInRequest(Ratings: new Dictionary<string, double> { ["dryness"] = 4 });

        var result = await service.AddAsync(person.Id, request, null);

        Assert.NotNull(result.CheckInId);
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Add_InvalidValue_ThrowsNamingItAndStoresNothing(string expected, CheckInRequest request)
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));

        var error = await Assert.ThrowsAsync<TrackingException>(() => service.AddAsync(person.Id, request, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(await temp.Store.ListCheckInsAsync(person.Id));
    }

    [Theory]
    [InlineData("pm", 0, 1.0, "has 0 pm steps")]
    [InlineData("am", 5, 1.0, "step 5 does not exist")]
    [InlineData("noon", 0, 1.0, "Routine 'noon'")]
    [InlineData("am", 0, 1.5, "The share of use 1.5 for am step 0 of plan")]
    public async Task Add_InvalidStep_ThrowsNamingIt(string routine, int step, double used, string expected)
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.AddPlanCreatedAtAsync(person.Id, Samples.Profile(), Samples.Plan(), s_now.AddDays(-30));
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        var request = new CheckInRequest(Steps: [new StepUseInput(planId, routine, step, used)]);

        var error = await Assert.ThrowsAsync<TrackingException>(() => service.AddAsync(person.Id, request, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_StepOfLaterPlan_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var planId = await temp.AddPlanCreatedAtAsync(person.Id, Samples.Profile(), Samples.Plan(), s_now.AddDays(-3));
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        var request = new CheckInRequest(Time: s_now.AddDays(-10), Steps: [new StepUseInput(planId, "am", 0)]);

        var error = await Assert.ThrowsAsync<TrackingException>(() => service.AddAsync(person.Id, request, null));

        Assert.Contains($"Plan {planId} was created at", error.Message, StringComparison.Ordinal);
        Assert.Contains("after the check-in time", error.Message, StringComparison.Ordinal);
        Assert.Empty(await temp.Store.ListCheckInsAsync(person.Id));
    }

    [Fact]
    public async Task Add_FahrenheitAndJoules_StoresCanonicalUnits()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)), new FixedClock(s_now));
        var request = new CheckInRequest(Readings:
        [
            new ReadingInput("skin-temperature", 91.4, "°F"),
            new ReadingInput("uv-dose", 250, "J/m2"),
        ]);

        await service.AddAsync(person.Id, request, null);
        var values = Assert.Single(await temp.Store.ListCheckInsAsync(person.Id)).Values.OrderBy(v => v.Kind).ToList();

        Assert.Equal("C", values[0].Unit);
        Assert.Equal(33.0, values[0].Value, 1e-9);
        Assert.Equal("SED", values[1].Unit);
        Assert.Equal(2.5, values[1].Value, 1e-9);
    }

    [Fact]
    public async Task Add_Photo_StoresEachMeasureWithNoiseAndQuality()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analyzer = new SequenceAnalyzer("redness");
        analyzer.Enqueue(score: 42, noise: 2.5, quality: 77);
        var service = new CheckInService(temp.Store, analyzer, new FixedClock(s_now));

        var result = await service.AddAsync(person.Id, new CheckInRequest(), Samples.Jpeg);
        var stored = Assert.Single(await temp.Store.ListCheckInsAsync(person.Id));
        var value = Assert.Single(stored.Values);

        Assert.Equal(result.CheckInId, stored.Id);
        Assert.Equal(77, stored.PhotoQuality);
        Assert.NotNull(stored.AnalysisId);
        Assert.Equal(("redness", 42.0, 2.5), (value.Kind, value.Value, value.Noise));
    }

    [Theory]
    [InlineData(AnalysisMode.Face)]
    [InlineData(AnalysisMode.Closeup)]
    public async Task Add_Photo_StoresModeOnEachScore(AnalysisMode mode)
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analyzer = new SequenceAnalyzer("redness");
        analyzer.Enqueue(score: 42, noise: 2.5, quality: 77, mode);
        var service = new CheckInService(temp.Store, analyzer, new FixedClock(s_now));
        var request = new CheckInRequest(Ratings: new Dictionary<string, double> { ["dryness"] = 3 });

        await service.AddAsync(person.Id, request, Samples.Jpeg);
        var values = Assert.Single(await temp.Store.ListCheckInsAsync(person.Id)).Values;

        Assert.Equal(mode, values.Single(v => v.Kind == "redness").Mode);
        Assert.Null(values.Single(v => v.Kind == "dryness").Mode);
    }

    [Fact]
    public async Task Add_MoleCloseUp_StoresNoScores()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var note = new QualityIssue(QualityIssue.SingleLesionCode, "One spot.", "Photograph your face.", Blocking: false);
        SkinAnalysis mole = Samples.Analysis(true) with
        {
            Mode = AnalysisMode.Closeup,
            Quality = new QualityReport(true, 85, [note]),
            Metrics = new Dictionary<string, MeasureResult> { ["spots"] = new(80, 6.2, new Dictionary<string, double>(), new Dictionary<string, double>()) },
        };
        var service = new CheckInService(temp.Store, new FakeAnalyzer(mole), new FixedClock(s_now));
        var request = new CheckInRequest(Ratings: new Dictionary<string, double> { ["dryness"] = 3 });

        var result = await service.AddAsync(person.Id, request, Samples.Jpeg);
        var stored = Assert.Single(await temp.Store.ListCheckInsAsync(person.Id));

        Assert.True(result.PhotoMeasuresLeftOut);
        Assert.Equal(result.CheckInId, stored.Id);
        Assert.NotNull(stored.AnalysisId);
        Assert.Equal(["dryness"], stored.Values.Select(v => v.Kind));
    }

    [Fact]
    public async Task Add_RejectedPhoto_StoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(false)), new FixedClock(s_now));
        var request = new CheckInRequest(Ratings: new Dictionary<string, double> { ["dryness"] = 3 });

        var result = await service.AddAsync(person.Id, request, Samples.Jpeg);

        Assert.Null(result.CheckInId);
        Assert.Empty(await temp.Store.ListCheckInsAsync(person.Id));
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Theory]
    [InlineData("{\"ratings\":{\"dryness\":3},\"mood\":5}", "'mood'")]
    [InlineData("{\"ratings\":{\"dryness\":\"high\"}}", "'ratings.dryness'")]
    [InlineData("{\"time\":12}", "'time'")]
    [InlineData("[1, 2]", "must be an object")]
    [InlineData("{\"ratings\": }", "line 1")]
    [InlineData("{\"ratings\":{\"dryness\":4,\"dryness\":9}}", "'ratings.dryness' more than once")]
    [InlineData("{\"time\":\"2026-05-01T08:00Z\",\"time\":\"2026-05-02T08:00Z\"}", "'time' more than once")]
    public void ParseJson_Invalid_ThrowsOneWholeSentenceWithoutDotNetNames(string json, string expected)
    {
        var error = Assert.Throws<TrackingException>(() => CheckInJson.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("any .", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ParseJson_UnknownField_ThrowsNamingIt()
    {
        var error = Assert.Throws<TrackingException>(() => CheckInJson.Parse("{\"ratings\":{\"dryness\":3},\"mood\":5}"));

        Assert.Contains("mood", error.Message, StringComparison.Ordinal);
    }
}
