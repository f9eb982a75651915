using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>The plan's cleanser is a gentle one, so it never contains a drying alcohol.</summary>
public class GentleCleanserTests
{
    private readonly RoutinePlanner _planner = new(new FakeKnowledge());

    [Theory]
    [InlineData(SkinType.Dry)]
    [InlineData(SkinType.Normal)]
    [InlineData(SkinType.Oily)]
    public void Build_NotSensitive_SkipsAlcoholCleanser(SkinType skinType)
    {
        List<Product> catalog =
        [
            TestProducts.Make("alcohol-cleanser", ProductCategory.Cleanser, 8, ["Water", "Alcohol Denat.", "Coco-Glucoside"], rating: 5),
            TestProducts.Make("mild-cleanser", ProductCategory.Cleanser, 9, ["Water", "Cetyl Alcohol", "Coco-Glucoside"], rating: 3),
            TestProducts.Moisturiser("cream"),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { SkinType = skinType };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        RoutineStep cleanse = Assert.Single(plan.Am, s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:mild-cleanser", cleanse.Product?.Id);
        Assert.DoesNotContain("Alcohol Denat.", cleanse.Reason);
    }
}
