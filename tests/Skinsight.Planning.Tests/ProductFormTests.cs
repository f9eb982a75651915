using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>Which steps masks, mists, wipes, patches, minis and overnight products may fill.</summary>
public class ProductFormTests
{
    private readonly RoutinePlanner _planner = new(new FakeKnowledge());

    [Fact]
    public void Build_SleepingMaskRatedBest_NotMorningMoisturiser()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("sleeping-mask", ProductCategory.Moisturiser, "Watermelon Glow Sleeping Mask", ["Water", "Glycerin"]));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        Assert.Equal("test:moisturiser", Chosen(plan.Am, RoutineSteps.Moisturise));
        Assert.DoesNotContain(plan.Am, s => s.Product?.Id == "test:sleeping-mask");
    }

    [Fact]
    public void Build_FaceMistRatedBest_NotMoisturiser()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("grape-water", ProductCategory.Moisturiser, "Grape Water", ["Vitis Vinifera (Grape) Fruit Water"]));
        catalog.Add(Make("face-mist", ProductCategory.Moisturiser, "Hydrating Face Mist", ["Water", "Glycerin"]));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        Assert.Equal("test:moisturiser", Chosen(plan.Am, RoutineSteps.Moisturise));
        Assert.Equal("test:moisturiser", Chosen(plan.Pm, RoutineSteps.Moisturise));
    }

    [Fact]
    public void Build_CleansingWipesRatedBest_NotCleanser()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("wipes", ProductCategory.Cleanser, "Mini Cleansing Wipes - Coconut Water", ["Water", "Glycerin"]));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        Assert.Equal("test:cleanser", Chosen(plan.Am, RoutineSteps.Cleanse));
        Assert.Equal("test:cleanser", Chosen(plan.Pm, RoutineSteps.Cleanse));
    }

    [Theory]
    [InlineData("7 Day Scrub Cream Rinse-Off Formula")]
    [InlineData("Exfoliating Jelly Cleanser")]
    [InlineData("Pore-Refining Peeling Gel")]
    [InlineData("Epidermal Re-Texturizing Micro-Dermabrasion")]
    [InlineData("Skin Resurfacing Cleanser")]
    public void Build_ScrubOrPeelRatedBestAsCleanser_NotDailyCleanser(string name)
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("scrub", ProductCategory.Cleanser, name, ["Water", "Glycerin"]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        Assert.Equal("test:cleanser", Chosen(plan.Am, RoutineSteps.Cleanse));
        Assert.Equal("test:cleanser", Chosen(plan.Pm, RoutineSteps.Cleanse));
    }

    [Fact]
    public void Build_CleanserListedUnderExfoliators_NotDailyCleanser()
    {
        List<Product> catalog = TestProducts.Basic();
        Product lactic = Make("lactic", ProductCategory.Cleanser, "Skin Smoothing Cleanser", ["Water", "Glycerin"]);
        catalog.Add(lactic with { SourceCategory = "Skincare/Cleansers/Exfoliators" });

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        Assert.Equal("test:cleanser", Chosen(plan.Am, RoutineSteps.Cleanse));
    }

    [Fact]
    public void Build_OnlyWipesAndMasks_NoDailyProduct()
    {
        List<Product> catalog =
        [
            Make("wipes", ProductCategory.Cleanser, "Cleansing Wipes", ["Water", "Glycerin"]),
            Make("sleeping-mask", ProductCategory.Moisturiser, "Sleeping Mask", ["Water", "Glycerin"]),
            TestProducts.Sunscreen("sunscreen", 50),
        ];

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        Assert.Null(plan.Am.Single(s => s.Step == RoutineSteps.Cleanse).Product);
        Assert.Null(plan.Am.Single(s => s.Step == RoutineSteps.Moisturise).Product);
    }

    [Fact]
    public void Build_MiniCleanserOnly_UsedAsFallback()
    {
        List<Product> catalog =
        [
            Make("mini-cleanser", ProductCategory.Cleanser, "Mini Gentle Cleanser", ["Water", "Glycerin"]),
            TestProducts.Moisturiser("moisturiser"),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        List<Product> withFullSize = [.. catalog, TestProducts.Cleanser("cleanser")];

        SkincarePlan fallback = _planner.Build(new SkinProfile(), null, catalog);
        SkincarePlan full = _planner.Build(new SkinProfile(), null, withFullSize);

        Assert.Equal("test:mini-cleanser", Chosen(fallback.Am, RoutineSteps.Cleanse));
        Assert.Equal("test:cleanser", Chosen(full.Am, RoutineSteps.Cleanse));
    }

    [Fact]
    public void Build_RetinolPatchesAndSerum_PicksSerum()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("retinol-patches", ProductCategory.Serum, "Microneedling Anti-Wrinkle Retinol Patches", ["Water", "Retinol"]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Concerns = [Concerns.Wrinkles] }, null, catalog);

        Assert.Contains(plan.Pm, s => s.Product?.Id == "test:retinol-serum");
        Assert.DoesNotContain(plan.Pm, s => s.Product?.Id == "test:retinol-patches");
    }

    [Fact]
    public void Build_RetinolPatchesOnly_UsedAsFallback()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "retinol-serum");
        catalog.Add(Make("retinol-patches", ProductCategory.Serum, "Retinol Patches", ["Water", "Retinol"]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Concerns = [Concerns.Wrinkles] }, null, catalog);

        Assert.Contains(plan.Pm, s => s.Product?.Id == "test:retinol-patches");
    }

    [Theory]
    [InlineData("Electro-Lite Enzyme Brightening Gel Cleanser", "Glycerin")]
    [InlineData("Brightening Gel Cleanser", "Papain")]
    [InlineData("Pineapple Gel Cleanser", "Bromelain")]
    [InlineData("Daily Microfoliant Cleanser", "Lactobacillus/Papain Ferment")]
    public void Build_EnzymeCleanserForSensitiveSkin_PicksPlainCleanser(string name, string ingredient)
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("enzyme-cleanser", ProductCategory.Cleanser, name, ["Water", "Glycerin", ingredient]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:cleanser", cleanse.Product?.Id);
        Assert.Equal("test:cleanser", Chosen(plan.Pm, RoutineSteps.Cleanse));
        Assert.Contains(PlanRules.SensitiveEnzymeCleanser, cleanse.Explanation!.Rules);
        Assert.StartsWith("A gentle cleanser", cleanse.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EnzymeCleanserForResistantSkin_StaysEligible()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("enzyme-cleanser", ProductCategory.Cleanser, "Enzyme Gel Cleanser", ["Water", "Glycerin", "Papain"]));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:enzyme-cleanser", cleanse.Product?.Id);
        Assert.StartsWith("An enzyme cleanser", cleanse.Reason, StringComparison.Ordinal);
        Assert.Contains("Its Papain is an enzyme", cleanse.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("fallback", cleanse.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(PlanRules.SensitiveEnzymeCleanser, cleanse.Explanation!.Rules);
    }

    [Fact]
    public void Build_OnlyEnzymeCleansers_SensitiveFallback()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "cleanser");
        catalog.Add(Make("mini-cleanser", ProductCategory.Cleanser, "Mini Enzyme Cleanser", ["Water", "Glycerin", "Papain"]));
        catalog.Add(Make("enzyme-cleanser", ProductCategory.Cleanser, "Enzyme Gel Cleanser", ["Water", "Glycerin", "Papain"]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:enzyme-cleanser", cleanse.Product?.Id);
        Assert.DoesNotContain("gentle", cleanse.Reason, StringComparison.Ordinal);
        Assert.Contains("No plain cleanser passed this plan's rules", cleanse.Reason, StringComparison.Ordinal);
        Assert.Contains(PlanRules.SensitiveEnzymeCleanser, cleanse.Explanation!.Rules);
    }

    [Fact]
    public void Build_SensitiveSkin_MiniPlainBeatsEnzyme()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "cleanser");
        catalog.Add(Make("mini-cleanser", ProductCategory.Cleanser, "Mini Gentle Cleanser", ["Water", "Glycerin"]));
        catalog.Add(Make("enzyme-cleanser", ProductCategory.Cleanser, "Enzyme Gel Cleanser", ["Water", "Glycerin", "Papain"]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        Assert.Equal("test:mini-cleanser", Chosen(plan.Am, RoutineSteps.Cleanse));
    }

    [Theory]
    [InlineData("Facial Soap with Dish", "Sodium Palmate/Cocoate Or/Ou Palm Kernelate", "Water", "Petrolatum")]
    [InlineData("Beauty Bar", "Sodium Tallowate", "Sodium Cocoate", "Water")]
    [InlineData("Foaming Cleanser", "Water", "Potassium Myristate", "Glycerin")]
    public void Build_SoapForSensitiveSkin_PicksPlainCleanser(string name, string first, string second, string third)
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(Make("soap", ProductCategory.Cleanser, name, [first, second, third]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:cleanser", cleanse.Product?.Id);
        Assert.Contains(PlanRules.SensitiveSoapCleanser, cleanse.Explanation!.Rules);
        Assert.DoesNotContain(PlanRules.SensitiveEnzymeCleanser, cleanse.Explanation!.Rules);
    }

    [Fact]
    public void Build_OnlySoapCleanser_SensitiveFallback()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "cleanser");
        catalog.Add(Make("soap", ProductCategory.Cleanser, "Facial Soap", ["Sodium Palmate", "Water", "Glycerin"]));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:soap", cleanse.Product?.Id);
        Assert.StartsWith("A soap cleanser", cleanse.Reason, StringComparison.Ordinal);
        Assert.Contains("Its Sodium Palmate is a soap", cleanse.Reason, StringComparison.Ordinal);
        Assert.Contains("No other cleanser passed this plan's rules", cleanse.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("gentle", cleanse.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SoapForResistantSkin_NamedAsSoap()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "cleanser");
        catalog.Add(Make("soap", ProductCategory.Cleanser, "Facial Soap", ["Sodium Palmate", "Water", "Glycerin"]));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:soap", cleanse.Product?.Id);
        Assert.StartsWith("A soap cleanser", cleanse.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("fallback", cleanse.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(PlanRules.SensitiveSoapCleanser, cleanse.Explanation!.Rules);
    }

    [Theory]
    [InlineData("Water", "Sodium Laureth Sulfate", "Sodium Chloride", "Sodium Stearate")]
    [InlineData("Water", "Glycerin", "Stearic Acid", "Potassium Hydroxide")]
    [InlineData("Water", "Glycerin", "Cetyl Alcohol", "Sodium Stearate")]
    public void Classify_SyntheticCleanser_NotSoap(string first, string second, string third, string fourth)
    {
        Product product = Make("liquid-soap", ProductCategory.Cleanser, "Liquid Facial Soap", [first, second, third, fourth]);

        ProductForm form = ProductForms.Classify(product);

        Assert.False(form.HasFlag(ProductForm.Soap));
    }

    private static Product Make(string id, ProductCategory category, string name, string[] ingredients) =>
        TestProducts.Make(id, category, 5, ingredients, rating: 5, name: name);

    private static string? Chosen(IReadOnlyList<RoutineStep> routine, string step) =>
        routine.Single(s => s.Step == step).Product?.Id;
}
