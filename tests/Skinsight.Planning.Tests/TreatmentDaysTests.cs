using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>A ramped-up treatment carries its starting days apart from its later days, as its frequency text says.</summary>
public class TreatmentDaysTests
{
    private readonly RoutinePlanner _planner = new(new FakeKnowledge());

    [Fact]
    public void Build_ExfoliatingAcid_StartDaysMatchText()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Texture] };
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "retinol-serum");

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        RoutineStep acid = Assert.Single(plan.Pm, s => s.Step == RoutineSteps.Treat);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Thursday], acid.StartDays);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday], acid.Days);
        Assert.Contains("(Mon, Thu), up to 3 (Mon, Wed, Fri)", acid.Frequency);
    }

    [Fact]
    public void Build_Retinoid_StartsOnTwoNights()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        RoutineStep retinoid = Assert.Single(plan.Pm, s => s.Step == RoutineSteps.Treat);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Thursday], retinoid.StartDays);
        Assert.Null(retinoid.Days);
    }
}
