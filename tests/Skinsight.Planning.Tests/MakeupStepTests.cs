using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>Blotting papers, primers, setting products and powders never fill a routine step, whatever their category.</summary>
public class MakeupStepTests
{
    private readonly RoutinePlanner _planner = new(new FakeKnowledge());

    [Theory]
    [InlineData(ProductCategory.Cleanser, "Oil Blotting Papers", RoutineSteps.Cleanse, "test:cleanser")]
    [InlineData(ProductCategory.Cleanser, "Blotting Linens", RoutineSteps.Cleanse, "test:cleanser")]
    [InlineData(ProductCategory.Moisturiser, "Hydrating Face Primer", RoutineSteps.Moisturise, "test:moisturiser")]
    [InlineData(ProductCategory.Sunscreen, "Setting Powder SPF 50", RoutineSteps.Sunscreen, "test:sunscreen")]
    [InlineData(ProductCategory.Sunscreen, "Mineral Powder Sunscreen SPF 45", RoutineSteps.Sunscreen, "test:sunscreen")]
    [InlineData(ProductCategory.Sunscreen, "Makeup Setting Spray SPF 30", RoutineSteps.Sunscreen, "test:sunscreen")]
    public void Build_MakeupRatedBest_NotChosen(ProductCategory category, string name, string step, string expected)
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Make("makeup", category, 5, ["Water", "Zinc Oxide", "Coco-Glucoside"], rating: 5, name: name));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        RoutineStep chosen = Assert.Single(plan.Am, s => s.Step == step);
        Assert.Equal(expected, chosen.Product?.Id);
        Assert.DoesNotContain(plan.Am.Concat(plan.Pm), s => s.Product?.Id == "test:makeup");
    }
}
