using Skinsight.Application.Experiments;
using Skinsight.Application.Plans;
using Skinsight.Application.Privacy;
using Skinsight.Core;
using Skinsight.Core.Analysis;
using Skinsight.Core.Profiles;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tests;

public class ExperimentServiceTests
{
    private static readonly ExperimentArm[] s_arms = [new("control", 1, null), new("short", 1, "minimal")];

    [Fact]
    public async Task Assign_FixedIds_MatchesSha256Buckets()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        await service.CreateAsync(Request("slow-start"));

        // Expected arms from SHA-256 of "10:slow-start|{id}" computed outside .NET (Python hashlib): buckets
        // 0.744, 0.133, 0.026 and 0.669 against the control's half [0, 0.5).
        string[] expected = ["short", "control", "control", "short"];
        for (int i = 0; i < expected.Length; i++)
        {
            var id = await AddPersonAsync(temp.Store, new Guid($"00000000-0000-0000-0000-00000000000{i + 1}"));
            var first = await service.AssignAsync(id, "slow-start");
            var second = await service.AssignAsync(id, "slow-start");

            Assert.Equal(expected[i], first.Variant);
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public async Task Assign_Twice_LogsOneExposure()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await service.CreateAsync(Request("slow-start"));

        var first = await service.AssignAsync(person.Id, "slow-start");
        await Task.Delay(20);
        var second = await service.AssignAsync(person.Id, "slow-start");
        var report = await service.ReportAsync("slow-start");

        Assert.Equal(first.ExposedAt, second.ExposedAt);
        Assert.Equal(1, report.Arms.Sum(a => a.Exposed));
    }

    [Fact]
    public async Task Report_BuiltInDifference_FindsIt()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        await service.CreateAsync(Request("slow-start", plannedPerArm: 40));

        await AddPeopleWithOutcomesAsync(temp.Store, service, people: 120, treatmentEffect: -8);
        var report = await service.ReportAsync("slow-start");
        var comparison = Assert.Single(report.Comparisons);

        Assert.Equal(120, report.Arms.Sum(a => a.WithOutcome));
        Assert.NotNull(comparison.Difference);
        Assert.InRange(comparison.Difference.Value, -9.0, -7.0);
        Assert.True(comparison.Lower < -8, $"CI lower end {comparison.Lower} is above -8.");
        Assert.True(comparison.Upper > -8, $"CI upper end {comparison.Upper} is below -8.");
        Assert.True(comparison.PValue < 1e-6, $"p = {comparison.PValue}");
        Assert.Equal("treatment", comparison.Favours);
        Assert.Equal(3, comparison.Look);
        Assert.Equal("stop: effect", comparison.Decision);
    }

    [Fact]
    public async Task Report_NoDifference_FindsNone()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        await service.CreateAsync(Request("slow-start", plannedPerArm: 40));

        await AddPeopleWithOutcomesAsync(temp.Store, service, people: 120, treatmentEffect: 0);
        var report = await service.ReportAsync("slow-start");
        var comparison = Assert.Single(report.Comparisons);

        Assert.True(comparison.Lower < 0, $"CI lower end {comparison.Lower} is above 0.");
        Assert.True(comparison.Upper > 0, $"CI upper end {comparison.Upper} is below 0.");
        Assert.True(comparison.PValue > 0.05, $"p = {comparison.PValue}");
        Assert.Equal("neither", comparison.Favours);
        Assert.Equal("stop: no effect", comparison.Decision);
    }

    [Fact]
    public async Task Report_BeforeFirstLook_Continues()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        await service.CreateAsync(Request("slow-start", plannedPerArm: 500));

        await AddPeopleWithOutcomesAsync(temp.Store, service, people: 40, treatmentEffect: -8);
        var comparison = Assert.Single((await service.ReportAsync("slow-start")).Comparisons);

        Assert.Equal(0, comparison.Look);
        Assert.Null(comparison.Boundary);
        Assert.Equal("continue", comparison.Decision);
        Assert.True(comparison.InformationFraction < 1.0 / 3);
    }

    [Fact]
    public async Task Report_AfterOperatorStop_SaysStoppedEarly()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        await service.CreateAsync(Request("slow-start", plannedPerArm: 500));
        await AddPeopleWithOutcomesAsync(temp.Store, service, people: 40, treatmentEffect: -8);

        await service.StopAsync("slow-start");
        var comparison = Assert.Single((await service.ReportAsync("slow-start")).Comparisons);

        Assert.Equal("stopped early: no conclusion", comparison.Decision);
    }

    [Fact]
    public async Task Report_ComparesZWithTheSamePValueToTheBoundary()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        await service.CreateAsync(Request("slow-start", plannedPerArm: 40));
        await AddPeopleWithOutcomesAsync(temp.Store, service, people: 120, treatmentEffect: -8);

        var comparison = Assert.Single((await service.ReportAsync("slow-start")).Comparisons);

        Assert.NotNull(comparison.Z);
        Assert.True(comparison.Z < 0, $"z = {comparison.Z} should carry the sign of the difference.");
        double twoSided = 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(comparison.Z.Value));
        Assert.Equal(comparison.PValue!.Value, twoSided, 1e-9);
    }

    [Fact]
    public async Task Report_ErasedPerson_DropsOut()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        await service.CreateAsync(Request("slow-start"));
        var ids = await AddPeopleWithOutcomesAsync(temp.Store, service, people: 10, treatmentEffect: 0);

        await new PersonalDataService(temp.Store).EraseAsync(ids[0]);
        var report = await service.ReportAsync("slow-start");

        Assert.Equal(9, report.Arms.Sum(a => a.Exposed));
        Assert.Equal(9, report.Arms.Sum(a => a.WithOutcome));
    }

    [Fact]
    public async Task Report_ValueOnlyBeforeExposure_IsNotCompared()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await service.CreateAsync(Request("slow-start"));
        await temp.Store.AddCheckInAsync(person.Id, Redness(DateTime.UtcNow.AddDays(-3), 40), null, null);

        var assignment = await service.AssignAsync(person.Id, "slow-start");
        var report = await service.ReportAsync("slow-start");
        var arm = report.Arms.Single(a => a.Variant == assignment.Variant);

        Assert.Equal(1, arm.Exposed);
        Assert.Equal(0, arm.WithOutcome);
        Assert.NotNull(Assert.Single(report.Comparisons).Message);
    }

    [Fact]
    public async Task Report_CloseupAfterExposure_IsNotAnOutcome()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await service.CreateAsync(Request("slow-start"));
        await temp.Store.AddCheckInAsync(person.Id, Redness(DateTime.UtcNow.AddDays(-3), 40), null, null);

        var assignment = await service.AssignAsync(person.Id, "slow-start");
        await temp.Store.AddCheckInAsync(person.Id, Redness(DateTime.UtcNow.AddDays(1), 70, AnalysisMode.Closeup), null, null);
        var report = await service.ReportAsync("slow-start");
        var arm = report.Arms.Single(a => a.Variant == assignment.Variant);

        Assert.Equal(1, arm.Exposed);
        Assert.Equal(0, arm.WithOutcome);
    }

    [Theory]
    [InlineData("Bad Name", "redness", "experiment name 'Bad Name' is invalid")]
    [InlineData("ok", "glow", "Measure 'glow' is unknown")]
    [InlineData("ok", "uv-dose", "Measure 'uv-dose' has no direction")]
    public async Task Create_BadInput_ThrowsWithValue(string name, string measure, string message)
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);

        var error = await Assert.ThrowsAsync<InvalidInputException>(
            () => service.CreateAsync(Request(name) with { Measure = measure }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(await service.ListAsync());
    }

    [Fact]
    public async Task Create_BadArms_ThrowsWithValue()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);

        var single = await Assert.ThrowsAsync<InvalidInputException>(
            () => service.CreateAsync(Request("x") with { Arms = [new("control", 1, null)] }));
        var weight = await Assert.ThrowsAsync<InvalidInputException>(
            () => service.CreateAsync(Request("x") with { Arms = [new("control", 1, null), new("b", -1, null)] }));
        var length = await Assert.ThrowsAsync<InvalidInputException>(
            () => service.CreateAsync(Request("x") with { Arms = [new("control", 1, null), new("b", 1, "tiny")] }));
        var duplicate = await Assert.ThrowsAsync<InvalidInputException>(
            () => service.CreateAsync(Request("x") with { Arms = [new("a", 1, null), new("a", 1, null)] }));

        Assert.Contains("1 variant;", single.Message, StringComparison.Ordinal);
        Assert.Contains("weight -1", weight.Message, StringComparison.Ordinal);
        Assert.Contains("routine length 'tiny'", length.Message, StringComparison.Ordinal);
        Assert.Contains("'a' appears twice", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_EffectSize_PlansSampleSize()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);

        var created = await service.CreateAsync(Request("x") with { PlannedPerArm = null, EffectSize = 0.5 });

        // 2 (1.95996 + 0.84162)² / 0.5² = 62.8, rounded up.
        Assert.Equal(63, created.PlannedPerArm);
        Assert.Equal("lower", created.Better);
    }

    [Fact]
    public async Task BuildPlan_ShortArm_CapsRoutine()
    {
        await using var temp = await TempStore.OpenAsync();
        var experiments = new ExperimentService(temp.Store);
        var planner = new FakePlanner(Samples.Plan());
        var plans = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));
        await experiments.CreateAsync(Request("slow-start"));

        // Person 1 falls in the short arm (see Assign_FixedIds_MatchesSha256Buckets).
        var id = await AddPersonAsync(temp.Store, new Guid("00000000-0000-0000-0000-000000000001"));
        await ConsentToExperimentsAsync(temp.Store, id);
        var result = await plans.BuildAsync(id, Samples.Profile() with { RoutineLength = RoutineLength.Full });
        var stored = await temp.Store.FindPlanAsync(id, result.PlanId);
        var exposure = await experiments.AssignAsync(id, "slow-start");

        Assert.Equal(RoutineLength.Minimal, Assert.Single(planner.Calls).Profile.RoutineLength);
        Assert.Contains(result.Plan.Warnings, w => w.Rule == PlanService.ExperimentVariantRule);
        Assert.Equal("short", stored?.ExperimentVariant);
        Assert.Equal(RoutineLength.Full, SkinsightStore.ReadProfile(stored!).RoutineLength);
        Assert.Equal("short", exposure.Variant);
    }

    [Fact]
    public async Task BuildPlan_ControlArm_KeepsProfile()
    {
        await using var temp = await TempStore.OpenAsync();
        var experiments = new ExperimentService(temp.Store);
        var planner = new FakePlanner(Samples.Plan());
        var plans = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));
        await experiments.CreateAsync(Request("slow-start"));

        var id = await AddPersonAsync(temp.Store, new Guid("00000000-0000-0000-0000-000000000002"));
        await ConsentToExperimentsAsync(temp.Store, id);
        var result = await plans.BuildAsync(id, Samples.Profile() with { RoutineLength = RoutineLength.Full });
        var stored = await temp.Store.FindPlanAsync(id, result.PlanId);

        Assert.Equal(RoutineLength.Full, Assert.Single(planner.Calls).Profile.RoutineLength);
        Assert.DoesNotContain(result.Plan.Warnings, w => w.Rule == PlanService.ExperimentVariantRule);
        Assert.Equal("control", stored?.ExperimentVariant);
        Assert.NotNull(await temp.Store.FindExposureAsync(stored!.ExperimentId!.Value, id));
    }

    [Fact]
    public async Task BuildPlan_NoExperimentConsent_BuildsUsualPlanUnexposed()
    {
        await using var temp = await TempStore.OpenAsync();
        var experiments = new ExperimentService(temp.Store);
        var planner = new FakePlanner(Samples.Plan());
        var plans = new PlanService(temp.Store, planner, new FakeAnalyzer(Samples.Analysis(accepted: true)));
        await experiments.CreateAsync(Request("slow-start"));
        var experiment = await temp.Store.FindExperimentAsync("slow-start");

        // Person 1 would fall in the short arm, but has not consented to experiments.
        var id = await AddPersonAsync(temp.Store, new Guid("00000000-0000-0000-0000-000000000001"));
        var result = await plans.BuildAsync(id, Samples.Profile() with { RoutineLength = RoutineLength.Full });
        var stored = await temp.Store.FindPlanAsync(id, result.PlanId);

        Assert.Equal(RoutineLength.Full, Assert.Single(planner.Calls).Profile.RoutineLength);
        Assert.Null(stored?.ExperimentVariant);
        Assert.Null(await temp.Store.FindExposureAsync(experiment!.Id, id));
    }

    private static Task ConsentToExperimentsAsync(SkinsightStore store, Guid personId) =>
        store.GrantConsentAsync(personId, ConsentPurpose.Experiments, ConsentTexts.For(ConsentPurpose.Experiments).Version);

    [Fact]
    public async Task Export_ExposedPerson_ListsExposure()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        await service.CreateAsync(Request("slow-start"));
        var assignment = await service.AssignAsync(person.Id, "slow-start");

        using var zip = new MemoryStream();
        await new PersonalDataService(temp.Store).ExportAsync(person.Id, zip);
        zip.Position = 0;
        using var archive = new System.IO.Compression.ZipArchive(zip);
        using var data = System.Text.Json.JsonDocument.Parse(archive.GetEntry(PersonalDataService.DataEntryName)!.Open());
        var exposure = Assert.Single(data.RootElement.GetProperty("experimentExposures").EnumerateArray());

        Assert.Equal("slow-start", exposure.GetProperty("experiment").GetString());
        Assert.Equal(assignment.Variant, exposure.GetProperty("variant").GetString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-0.3)]
    public async Task NegativeEffect_RejectedByCreateAndSampleSize(double effect)
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new ExperimentService(temp.Store);

        var sampleSize = Assert.Throws<InvalidInputException>(() => ExperimentService.SampleSize(effect));
        var create = await Assert.ThrowsAsync<InvalidInputException>(
            () => service.CreateAsync(Request("x") with { PlannedPerArm = null, EffectSize = effect }));

        Assert.Contains($"Effect size {effect}", sampleSize.Message, StringComparison.Ordinal);
        Assert.Contains("between 0.01 and 10", sampleSize.Message, StringComparison.Ordinal);
        Assert.Contains("between 0.01 and 10", create.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleSize_BadEffect_Throws()
    {
        var error = Assert.Throws<InvalidInputException>(() => ExperimentService.SampleSize(0));

        Assert.Contains("Effect size 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(63, ExperimentService.SampleSize(0.5).PerArm);
    }

    [Theory]
    [InlineData(0, 0.8, "alpha 0 is out of range", "such as 0.05.")]
    [InlineData(0.05, 1.5, "power 1.5 is out of range", "such as 0.8.")]
    public void SampleSize_BadProbability_SuggestsOwnDefault(double alpha, double power, string problem, string suggestion)
    {
        var error = Assert.Throws<InvalidInputException>(() => ExperimentService.SampleSize(0.5, alpha, power));

        Assert.StartsWith(problem, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(suggestion, error.Message, StringComparison.Ordinal);
    }

    private static ExperimentRequest Request(string name, int plannedPerArm = 100) =>
        new(name, "A minimal routine lowers redness.", s_arms, "redness", PlannedPerArm: plannedPerArm);

    private static async Task<Guid> AddPersonAsync(SkinsightStore store, Guid id)
    {
        await using var context = store.CreateContext();
        context.People.Add(new Person { Id = id, CreatedAt = DateTime.UtcNow, Handle = $"h1:{id:N}" });
        await context.SaveChangesAsync();
        return id;
    }

    /// <summary>
    /// Adds people, assigns each, and stores a redness value a week before and a week after exposure. The i-th
    /// person of each arm changes by the same seeded noise, plus <paramref name="treatmentEffect"/> in the
    /// short arm, so the arms differ by the effect alone whatever the random person ids assign.
    /// </summary>
    private static async Task<List<Guid>> AddPeopleWithOutcomesAsync(
        SkinsightStore store, ExperimentService service, int people, double treatmentEffect)
    {
        var random = new Random(17);
        var noise = Enumerable.Range(0, people).Select(_ => 5 * Gaussian(random)).ToArray();
        var countByArm = new Dictionary<string, int>();
        var ids = new List<Guid>();
        for (int i = 0; i < people; i++)
        {
            var person = await store.GetOrCreatePersonAsync($"person-{i}");
            var assignment = await service.AssignAsync(person.Id, "slow-start");
            int rank = countByArm.GetValueOrDefault(assignment.Variant);
            countByArm[assignment.Variant] = rank + 1;
            double change = noise[rank] + (assignment.Variant == "short" ? treatmentEffect : 0);
            await store.AddCheckInAsync(person.Id, Redness(assignment.ExposedAt.AddDays(-7), 50), null, null);
            await store.AddCheckInAsync(person.Id, Redness(assignment.ExposedAt.AddDays(7), 50 + change), null, null);
            ids.Add(person.Id);
        }

        return ids;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static CheckInRecord Redness(DateTime at, double value, AnalysisMode mode = AnalysisMode.Face) => new()
    {
        TakenAt = at,
        Values =
        [
            new CheckInValueRecord
            {
                Source = CheckInValueSource.Photo, Mode = mode, Kind = "redness", Value = value, Unit = "score", MeasuredAt = at,
            },
        ],
    };
}
