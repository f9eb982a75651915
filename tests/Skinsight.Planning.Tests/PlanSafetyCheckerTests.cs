using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;
using Skinsight.Planning.Safety;

namespace Skinsight.Planning.Tests;

public class PlanSafetyCheckerTests
{
    private static readonly PlanSafetyChecker s_checker = new(IngredientKnowledge.LoadDefault());

    private static readonly List<Product> s_catalog =
    [
        TestProducts.Cleanser("cleanser"),
        TestProducts.Moisturiser("moisturiser"),
        TestProducts.Moisturiser("scented-cream", 20, "Linalool"),
        TestProducts.Moisturiser("almond-cream", 22, "Prunus Amygdalus Dulcis Oil"),
        TestProducts.Cleanser("oil-cleanser", 18,
            "Lavandula Angustifolia Oil", "Citrus Paradisi Peel Oil", "Pelargonium Graveolens Flower Oil", "Tea Tree Leaf Oil"),
        TestProducts.Moisturiser("neroli-cream", 30, "Citrus Aurantium Amara (Neroli) Oil"),
        TestProducts.Cleanser("alcohol-cleanser", 6, "Alcohol Denat."),
        TestProducts.Sunscreen("sunscreen", 50),
        TestProducts.Sunscreen("cheap-sunscreen", 30, 9),
        TestProducts.Sunscreen("weak-sunscreen", 15, 8),
        TestProducts.Serum("retinol-serum", 40, "Retinol"),
        TestProducts.Serum("retinal-serum", 45, "Retinal"),
        TestProducts.Serum("glycolic-toner", 20, "Glycolic Acid"),
        TestProducts.Serum("lactic-serum", 19, "Lactic Acid"),
        TestProducts.Serum("salicylic-serum", 22, "Salicylic Acid"),
        TestProducts.Serum("bpo-gel", 15, "Benzoyl Peroxide"),
        TestProducts.Serum("niacinamide-serum", 12, "Niacinamide"),
        TestProducts.Serum("vitamin-c-serum", 30, "Ascorbic Acid"),
        TestProducts.Serum("hydroquinone-cream", 28, "Hydroquinone"),
        TestProducts.Serum("azelaic-serum", 25, "Azelaic Acid"),
        TestProducts.Serum("hyaluronic-serum", 18, "Sodium Hyaluronate"),
        TestProducts.Serum("bakuchiol-serum", 33, "Bakuchiol"),
    ];

    [Fact]
    public void Check_EveryRiskProfile_NoViolations()
    {
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());

        SafetyReport report = SafetyEvaluation.Run(planner, s_checker, s_catalog, RiskProfiles.All());

        Assert.Equal(RiskProfiles.Count, report.Plans);
        Assert.True(report.Violations == 0, string.Join("\n", report.Examples));
    }

    [Fact]
    public void Check_IngredientLevelPlans_NoViolations()
    {
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());

        SafetyReport report = SafetyEvaluation.Run(planner, s_checker, [], RiskProfiles.All().Take(2000));

        Assert.Equal(2000, report.Plans);
        Assert.True(report.Violations == 0, string.Join("\n", report.Examples));
    }

    [Fact]
    public void Check_RetinolInMorning_Flagged()
    {
        SkincarePlan plan = Plan(am: [Step("treat", "retinol-serum"), Step("sunscreen", "sunscreen")], pm: []);

        IReadOnlyList<SafetyViolation> violations = s_checker.Check(plan, new SkinProfile(), s_catalog);

        Assert.Contains(violations, v => v.Rule == "photosensitiser-in-morning" && v.Routine == "am" && v.Step == 0);
    }

    [Fact]
    public void Check_PregnantWithRetinol_Flagged()
    {
        SkincarePlan plan = Plan(am: [Step("sunscreen", "sunscreen")], pm: [Step("treat", "retinol-serum", "2 nights a week")]);

        IReadOnlyList<SafetyViolation> violations = s_checker.Check(plan, new SkinProfile { Pregnant = true }, s_catalog);

        Assert.Contains(violations, v => v.Rule == "pregnancy-retinoids");
    }

    [Theory]
    [InlineData("fragrance", "scented-cream")]
    [InlineData("nuts", "almond-cream")]
    public void Check_AllergenProduct_Flagged(string allergy, string productId)
    {
        SkincarePlan plan = Plan(am: [Step("moisturise", productId), Step("sunscreen", "sunscreen")], pm: []);

        IReadOnlyList<SafetyViolation> violations = s_checker.Check(plan, new SkinProfile { Allergies = [allergy] }, s_catalog);

        Assert.Contains(violations, v => v.Rule == "allergen");
    }

    [Fact]
    public void Check_FragranceAllergyWithEssentialOils_Flagged()
    {
        SkincarePlan plan = Plan(
            am: [Step("cleanse", "oil-cleanser"), Step("moisturise", "neroli-cream"), Step("sunscreen", "sunscreen")], pm: []);

        IReadOnlyList<SafetyViolation> violations = s_checker.Check(plan, new SkinProfile { Allergies = ["fragrance"] }, s_catalog);

        Assert.Contains(violations, v => v.Rule == "allergen" && v.Step == 0);
        Assert.Contains(violations, v => v.Rule == "allergen" && v.Step == 1);
    }

    [Fact]
    public void Check_EssentialOilMissingFromAllergenGroup_StillFlagged()
    {
        const string json = """
            {
              "actives": [{ "id": "essential-oils", "name": "Essential oils", "class": "essential-oil",
                            "contains": ["lavandula angustifolia oil"], "source": "test" }],
              "allergens": [{ "group": "fragrance", "inci": ["parfum"], "source": "test" }]
            }
            """;
        var checker = new PlanSafetyChecker(IngredientKnowledge.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        SkincarePlan plan = Plan(am: [Step("cleanse", "oil-cleanser"), Step("sunscreen", "sunscreen")], pm: []);

        IReadOnlyList<SafetyViolation> violations = checker.Check(plan, new SkinProfile { Allergies = ["fragrance"] }, s_catalog);

        Assert.Contains(violations, v => v.Rule == "allergen" && v.Step == 0 && v.Message.Contains("Essential oils"));
    }

    [Fact]
    public void Check_SensitiveWithThreeActives_Flagged()
    {
        SkincarePlan plan = Plan(
            am: [Step("treat", "niacinamide-serum"), Step("sunscreen", "sunscreen")],
            pm: [Step("treat", "azelaic-serum"), Step("treat", "lactic-serum", "2 evenings a week")]);

        IReadOnlyList<SafetyViolation> sensitive = s_checker.Check(plan, new SkinProfile { Sensitive = true }, s_catalog);
        IReadOnlyList<SafetyViolation> other = s_checker.Check(plan, new SkinProfile(), s_catalog);

        Assert.Contains(sensitive, v => v.Rule == "sensitive-too-many-actives");
        Assert.DoesNotContain(other, v => v.Rule == "sensitive-too-many-actives");
    }

    [Fact]
    public void Check_SensitiveWithDryingAlcohol_Flagged()
    {
        SkincarePlan plan = Plan(am: [Step("cleanse", "alcohol-cleanser"), Step("sunscreen", "sunscreen")], pm: []);

        IReadOnlyList<SafetyViolation> violations = s_checker.Check(plan, new SkinProfile { Sensitive = true }, s_catalog);

        Assert.Contains(violations, v => v.Rule == "sensitive-irritant");
    }

    [Fact]
    public void Check_MissingOrWeakSunscreen_Flagged()
    {
        SkincarePlan missing = Plan(am: [Step("cleanse", "cleanser")], pm: []);
        SkincarePlan weak = Plan(am: [Step("sunscreen", "weak-sunscreen")], pm: []);

        Assert.Contains(s_checker.Check(missing, new SkinProfile(), s_catalog), v => v.Rule == "sunscreen-missing");
        Assert.Contains(s_checker.Check(weak, new SkinProfile(), s_catalog), v => v.Rule == "sunscreen-spf");
    }

    [Fact]
    public void Check_RetinolAndAcidSameNight_Flagged()
    {
        DayOfWeek[] monday = [DayOfWeek.Monday];
        DayOfWeek[] tuesday = [DayOfWeek.Tuesday];
        SkincarePlan together = Plan(
            am: [Step("sunscreen", "sunscreen")],
            pm: [Step("treat", "retinol-serum", "2 nights a week") with { Days = monday }, Step("treat", "glycolic-toner") with { Days = monday }]);
        SkincarePlan apart = Plan(
            am: [Step("sunscreen", "sunscreen")],
            pm: [Step("treat", "retinol-serum", "2 nights a week") with { Days = monday }, Step("treat", "glycolic-toner") with { Days = tuesday }]);

        Assert.Contains(s_checker.Check(together, new SkinProfile(), s_catalog), v => v.Rule == "conflict");
        Assert.DoesNotContain(s_checker.Check(apart, new SkinProfile(), s_catalog), v => v.Rule == "conflict");
    }

    [Fact]
    public void Check_OverBudget_Flagged()
    {
        SkincarePlan plan = Plan(am: [Step("cleanse", "cleanser"), Step("sunscreen", "sunscreen")], pm: []) with { TotalPriceUsd = 35 };

        IReadOnlyList<SafetyViolation> violations = s_checker.Check(plan, new SkinProfile { BudgetUsd = 30 }, s_catalog);

        Assert.Contains(violations, v => v.Rule == "budget");
        Assert.DoesNotContain(violations, v => v.Rule == "total-price");
    }

    [Fact]
    public void Check_RetinoidStartingNightly_Flagged()
    {
        SkincarePlan plan = Plan(am: [Step("sunscreen", "sunscreen")], pm: [Step("treat", "retinol-serum", "every evening")]);

        Assert.Contains(s_checker.Check(plan, new SkinProfile(), s_catalog), v => v.Rule == "retinoid-ramp");
    }

    [Fact]
    public void RiskProfiles_All_CountMatchesAndDistinct()
    {
        var profiles = RiskProfiles.All().ToList();

        Assert.Equal(RiskProfiles.Count, profiles.Count);
        Assert.Equal(2 * 2 * 2 * 4 * 4 * 17 * 4, profiles.Count);
        Assert.Equal(profiles.Count, profiles.Select(Key).Distinct().Count());
    }

    private static string Key(SkinProfile p) =>
        $"{p.Pregnant}|{p.Breastfeeding}|{p.Sensitive}|{string.Join(",", p.Allergies)}|{p.SkinType}|{string.Join(",", p.Concerns)}|{p.BudgetUsd}";

    private static RoutineStep Step(string step, string productId, string frequency = "every evening")
    {
        Product product = s_catalog.Single(p => p.SourceId == productId);
        return new RoutineStep(step, frequency, "test", new ProductChoice(product.Key, product.Name, product.Brand, product.PriceUsd), [], []);
    }

    private static SkincarePlan Plan(RoutineStep[] am, RoutineStep[] pm)
    {
        decimal total = am.Concat(pm).Select(s => s.Product!).DistinctBy(p => p.Id).Sum(p => p.PriceUsd ?? 0);
        return new SkincarePlan { Am = am, Pm = pm, TotalPriceUsd = total, FromCatalog = true };
    }
}
