using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;
using Skinsight.Testing;

namespace Skinsight.Planning.Tests;

/// <summary>The planner's EU annex rules, with a small annex folder written by the test.</summary>
public sealed class AnnexRuleTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CosingAnnexes _annexes;

    public AnnexRuleTests()
    {
        _annexes = CosingAnnexes.LoadFolder(AnnexFiles.Write(_folder.Path));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Build_AnnexIISubstance_ExcludesProductAndNamesIt()
    {
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault(_annexes));
        List<Product> catalog = Catalog(
            TestProducts.Make("banned-cream", ProductCategory.Moisturiser, 20, ["Water", "Hydroquinone"], rating: 5),
            TestProducts.Make("plain-cream", ProductCategory.Moisturiser, 20, ["Water", "Glycerin"], rating: 3));

        SkincarePlan plan = planner.Build(new SkinProfile(), null, catalog);

        Assert.DoesNotContain("test:banned-cream", ProductIds(plan));
        Assert.Contains("test:plain-cream", ProductIds(plan));
        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.EuAnnexIIProhibited);
        Assert.Contains("Hydroquinone (EU Annex II, entry 1339)", warning.Message);
        Assert.Contains("excluded 1 catalog products", warning.Message);
    }

    [Fact]
    public void Build_NoAnnexData_KeepsAnnexIIProduct()
    {
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());
        List<Product> catalog = Catalog(
            TestProducts.Make("banned-cream", ProductCategory.Moisturiser, 20, ["Water", "Hydroquinone"], rating: 5),
            TestProducts.Make("plain-cream", ProductCategory.Moisturiser, 20, ["Water", "Glycerin"], rating: 3));

        SkincarePlan plan = planner.Build(new SkinProfile(), null, catalog);

        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.EuAnnexIIProhibited);
        PlanWarning missing = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.EuAnnexesMissing);
        Assert.Contains("Annex II", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithAnnexData_NoMissingWarning()
    {
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault(_annexes));
        List<Product> catalog = Catalog(
            TestProducts.Make("plain-cream", ProductCategory.Moisturiser, 20, ["Water", "Glycerin"], rating: 3));

        SkincarePlan plan = planner.Build(new SkinProfile(), null, catalog);

        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.EuAnnexesMissing);
    }

    [Fact]
    public void Build_ConditionalAnnexIIEntry_KeepsProduct()
    {
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault(_annexes));
        List<Product> catalog = Catalog(
            TestProducts.Make("petrolatum-cream", ProductCategory.Moisturiser, 20, ["Water", "Petrolatum"], rating: 5));

        SkincarePlan plan = planner.Build(new SkinProfile(), null, catalog);

        Assert.Contains("test:petrolatum-cream", ProductIds(plan));
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.EuAnnexIIProhibited);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Build_AnnexIIIFragranceAllergen_AvoidedOnlyWithAnnexData(bool withAnnexes, bool expectedInPlan)
    {
        var planner = new RoutinePlanner(withAnnexes ? CatalogKnowledge.LoadDefault(_annexes) : CatalogKnowledge.LoadDefault());
        List<Product> catalog = Catalog(
            TestProducts.Make("allergen-cream", ProductCategory.Moisturiser, 20, ["Water", AnnexFiles.AnnexOnlyAllergen], rating: 5),
            TestProducts.Make("plain-cream", ProductCategory.Moisturiser, 20, ["Water", "Glycerin"], rating: 3));

        SkincarePlan plan = planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        Assert.Equal(expectedInPlan, ProductIds(plan).Contains("test:allergen-cream"));
    }

    [Fact]
    public void FindGroupMembers_Fragrance_AddsAnnexAllergens()
    {
        var knowledge = CatalogKnowledge.LoadDefault(_annexes);

        IReadOnlyList<string>? members = knowledge.FindGroupMembers(
            "fragrance", [AnnexFiles.AnnexOnlyAllergen, "Water", "Linalool"]);

        Assert.Equal([AnnexFiles.AnnexOnlyAllergen, "Linalool"], members);
    }

    private static List<Product> Catalog(params Product[] extra) =>
        [TestProducts.Cleanser("cleanser"), TestProducts.Sunscreen("sunscreen", 50), .. extra];

    private static List<string> ProductIds(SkincarePlan plan) =>
        [.. plan.Am.Concat(plan.Pm).Where(s => s.Product is not null).Select(s => s.Product!.Id)];
}
