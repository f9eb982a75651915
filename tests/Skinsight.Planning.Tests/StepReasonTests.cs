using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning.Tests;

public class StepReasonTests
{
    [Fact]
    public void Build_Irritants_NotKeyIngredients()
    {
        List<Product> catalog =
        [
            TestProducts.Make("cleanser", ProductCategory.Cleanser, 10, ["Water", "Parfum", "Glycerin", "Coco-Glucoside"]),
            TestProducts.Moisturiser("cream", 20, "Alcohol Denat.", "Panthenol", "Lavandula Angustifolia Oil", "Parfum"),
            TestProducts.Sunscreen("sunscreen", 50, 25, "Alcohol Denat."),
        ];
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());

        SkincarePlan plan = planner.Build(new SkinProfile { SkinType = SkinType.Dry }, null, catalog);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        RoutineStep moisturise = plan.Am.Single(s => s.Step == RoutineSteps.Moisturise);
        RoutineStep sunscreen = plan.Am.Single(s => s.Step == RoutineSteps.Sunscreen);
        Assert.Equal("test:cream", moisturise.Product?.Id);
        Assert.Equal(["Panthenol (provitamin B5)"], moisturise.Ingredients);
        Assert.StartsWith("A moisturiser with Panthenol (provitamin B5) keeps", moisturise.Reason, StringComparison.Ordinal);
        Assert.Equal(["Glycerin", "Coco-Glucoside"], cleanse.Ingredients);
        Assert.StartsWith("A gentle cleanser with Glycerin and Coco-Glucoside cleans", cleanse.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Drying alcohols", sunscreen.Ingredients);
        Assert.DoesNotContain("Drying alcohols", sunscreen.Reason, StringComparison.Ordinal);
    }
}
