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

    [Fact]
    public void Build_WhitenedCleanser_NoUvFilterInReason()
    {
        var planner = new RoutinePlanner(Knowledge.CatalogKnowledge.LoadDefault());
        List<Product> catalog =
        [
            TestProducts.Make("white-cleanser", ProductCategory.Cleanser, 9, ["Water", "Coco-Glucoside", "Titanium Dioxide", "Niacinamide"], rating: 5),
            TestProducts.Moisturiser("cream"),
            TestProducts.Sunscreen("sunscreen", 50),
        ];

        SkincarePlan plan = planner.Build(new SkinProfile(), null, catalog);

        RoutineStep cleanse = Assert.Single(plan.Am, s => s.Step == RoutineSteps.Cleanse);
        RoutineStep sunscreen = Assert.Single(plan.Am, s => s.Step == RoutineSteps.Sunscreen);
        Assert.Equal("test:white-cleanser", cleanse.Product?.Id);
        Assert.StartsWith("A gentle cleanser with Niacinamide cleans", cleanse.Reason, StringComparison.Ordinal);
        Assert.Contains("Zinc", sunscreen.Reason, StringComparison.OrdinalIgnoreCase);
    }
}
