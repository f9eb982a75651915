using Skinsight.Core.Profiles;
using Skinsight.Tracking.Efficacy;
using Skinsight.Tracking.Regression;
using Skinsight.Tracking.Simulation;
using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Tests;

public sealed class IngredientEfficacyTests
{
    private static readonly Dictionary<string, double> s_oilyEffects = new() { ["niacinamide"] = -6, ["retinol"] = -2 };

    private static readonly Dictionary<string, double> s_dryEffects = new() { ["niacinamide"] = 0, ["retinol"] = -2 };

    [Fact]
    public void Estimate_TwoSkinTypes_SeparatesTheirEffects()
    {
        var (checkIns, skinTypes) = TwoGroupStudy();

        var rows = IngredientEfficacy.Estimate(
            new Dictionary<string, IReadOnlyList<CheckIn>> { ["shine"] = checkIns }, skinTypes);

        var oily = Row(rows, "niacinamide", SkinType.Oily);
        var dry = Row(rows, "niacinamide", SkinType.Dry);
        Assert.InRange(6.0, oily.Lower, oily.Upper);
        Assert.InRange(0.0, dry.Lower, dry.Upper);
        Assert.True(oily.Lower > 0);
        Assert.Equal(60, oily.People);
        Assert.True(oily.ExposedPeople > 0);
        Assert.Contains(rows, r => r.SkinType is null && r.Active == "retinol");
    }

    [Fact]
    public void Estimate_HigherIsBetter_KeepsEffectSign()
    {
        var (checkIns, skinTypes) = TwoGroupStudy();

        var rows = IngredientEfficacy.Estimate(
            new Dictionary<string, IReadOnlyList<CheckIn>> { ["rating"] = checkIns },
            skinTypes,
            new Dictionary<string, BetterDirection> { ["rating"] = BetterDirection.Higher });

        var oily = Row(rows, "niacinamide", SkinType.Oily);
        Assert.InRange(-6.0, oily.Lower, oily.Upper);
        Assert.True(oily.Upper < 0);
    }

    [Fact]
    public void Estimate_SmallGroups_AreLeftOut()
    {
        var (checkIns, skinTypes) = TwoGroupStudy();

        var rows = IngredientEfficacy.Estimate(
            new Dictionary<string, IReadOnlyList<CheckIn>> { ["shine"] = checkIns }, skinTypes, minPeople: 100);

        Assert.True(rows.All(r => r.SkinType is null));
        Assert.NotEmpty(rows);
    }

    private static EfficacyEstimate Row(IReadOnlyList<EfficacyEstimate> rows, string active, SkinType skinType) =>
        rows.Single(r => r.Active == active && r.SkinType == skinType);

    private static (List<CheckIn> CheckIns, Dictionary<string, SkinType> SkinTypes) TwoGroupStudy()
    {
        var simulator = new TrackingSimulator(8);
        var oily = simulator.Simulate(new SimulationSettings { People = 60, IdPrefix = "oily", TrueEffects = s_oilyEffects });
        var dry = simulator.Simulate(new SimulationSettings { People = 60, IdPrefix = "dry", TrueEffects = s_dryEffects });

        var skinTypes = oily.People.ToDictionary(p => p.PersonId, _ => SkinType.Oily);
        foreach (var person in dry.People)
        {
            skinTypes[person.PersonId] = SkinType.Dry;
        }

        return ([.. oily.CheckIns, .. dry.CheckIns], skinTypes);
    }
}
