using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>Allergies reach the ingredient advice and each allergy's warning names only its own matches.</summary>
public class AllergyAdviceTests
{
    private readonly RoutinePlanner _planner = new(new FakeKnowledge());

    [Fact]
    public void Build_AllergyToAdvisedIngredient_AdvisesAnother()
    {
        var profile = new SkinProfile { Allergies = ["niacinamide", "glycerin", "water"], Concerns = [Concerns.Redness] };

        SkincarePlan plan = _planner.Build(profile, null, []);

        IEnumerable<string> advised = plan.Am.Concat(plan.Pm).SelectMany(s => s.Ingredients);
        Assert.DoesNotContain(advised, i => i.Contains("glycerin", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(advised, i => i.Contains("niacinamide", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(plan.Am, s => s.Step == RoutineSteps.Moisturise && s.Ingredients.SequenceEqual(["Squalane"]));
    }

    [Fact]
    public void Build_TwoAllergies_WarnsPerAllergy()
    {
        List<Product> catalog =
        [
            TestProducts.Make("glycerin-cleanser", ProductCategory.Cleanser, 10, ["Aqua", "Glycerin", "Coco-Glucoside"]),
            TestProducts.Make("plain-cleanser", ProductCategory.Cleanser, 10, ["Aqua", "Coco-Glucoside"]),
            TestProducts.Make("niacinamide-cream", ProductCategory.Moisturiser, 20, ["Aqua", "Niacinamide", "Squalane"]),
            TestProducts.Make("plain-cream", ProductCategory.Moisturiser, 20, ["Aqua", "Squalane"]),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { Allergies = ["niacinamide", "glycerin"] };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        var warnings = plan.Warnings.Where(w => w.Rule == PlanRules.Allergen).ToList();
        Assert.Equal(2, warnings.Count);
        PlanWarning niacinamide = Assert.Single(warnings, w => w.Message.Contains("allergy to niacinamide"));
        Assert.Contains("excluded 1 catalog products containing Niacinamide.", niacinamide.Message);
        Assert.DoesNotContain("Glycerin", niacinamide.Message);
        PlanWarning glycerin = Assert.Single(warnings, w => w.Message.Contains("allergy to glycerin"));
        Assert.Contains("containing Glycerin.", glycerin.Message);
        Assert.DoesNotContain("Niacinamide", glycerin.Message);
    }
}
