using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>The product-history rules: reuse owned products, prefer liked ones, avoid what reactions point to.</summary>
public class HistoryRulesTests
{
    private const string Betaine = "Cocamidopropyl Betaine";

    private readonly RoutinePlanner _planner = new(new FakeKnowledge());

    [Fact]
    public void Build_SharedReactionIngredient_Avoided()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Cleanser("reacted-cleanser", 10, Betaine));
        catalog.Add(TestProducts.Moisturiser("reacted-cream", 20, Betaine));
        catalog.Add(TestProducts.Make("best-cream", ProductCategory.Moisturiser, 20, ["Water", "Squalane", Betaine], rating: 5.0));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog,
            [Reacted("test:reacted-cleanser"), Reacted("test:reacted-cream")]);

        RoutineStep moisturise = plan.Am.Single(s => s.Step == RoutineSteps.Moisturise);
        Assert.Equal("test:moisturiser", moisturise.Product!.Id);
        Assert.Contains(PlanRules.HistorySharedIngredient, moisturise.Explanation!.Rules);
        PlanWarning shared = plan.Warnings.Single(w => w.Rule == PlanRules.HistorySharedIngredient);
        Assert.Contains("cocamidopropyl betaine", shared.Message);
        Assert.Contains("left out 1 more products", shared.Message);
        // Water and glycerin are in at least a quarter of this catalog, so they are shared but not suspected.
        Assert.Contains("glycerin", shared.Message);
        Assert.Contains("not suspected", shared.Message);
        Assert.DoesNotContain(ProductIds(plan), id => id is "test:reacted-cleanser" or "test:reacted-cream" or "test:best-cream");
    }

    [Fact]
    public void Build_OneReaction_SuspectsNoIngredient()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Cleanser("reacted-cleanser", 10, Betaine));
        catalog.Add(TestProducts.Make("best-cream", ProductCategory.Moisturiser, 20, ["Water", "Squalane", Betaine], rating: 5.0));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog, [Reacted("test:reacted-cleanser")]);

        Assert.Equal("test:best-cream", plan.Am.Single(s => s.Step == RoutineSteps.Moisturise).Product!.Id);
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.HistoryReactedProduct);
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.HistorySharedIngredient);
        Assert.DoesNotContain("test:reacted-cleanser", ProductIds(plan));
    }

    [Fact]
    public void Build_ReactionToFragrancedProduct_AvoidsFragranceGroup()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Cleanser("scented-cleanser", 10, "Linalool"));
        catalog.Add(TestProducts.Make("scented-cream", ProductCategory.Moisturiser, 20, ["Water", "Squalane", "Parfum"], rating: 5.0));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog, [Reacted("test:scented-cleanser")]);

        RoutineStep moisturise = plan.Am.Single(s => s.Step == RoutineSteps.Moisturise);
        Assert.Equal("test:moisturiser", moisturise.Product!.Id);
        Assert.Contains(PlanRules.HistoryIrritant, moisturise.Explanation!.Rules);
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.HistoryIrritant && w.Message.Contains("Linalool"));
    }

    [Fact]
    public void Build_OwnedCleanser_ReusedOverBetterRated()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Make("my-cleanser", ProductCategory.Cleanser, 30, ["Water", "Coco-Glucoside"], rating: 3.0));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog, [Entry("test:my-cleanser", ExperienceKind.Owned)]);

        RoutineStep cleanse = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse);
        Assert.Equal("test:my-cleanser", cleanse.Product!.Id);
        Assert.Contains(PlanRules.HistoryOwnedReused, cleanse.Explanation!.Rules);
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.HistoryOwnedReused && w.Message.Contains("my-cleanser"));
    }

    [Fact]
    public void Build_OwnedRetinoidWhilePregnant_NotReused()
    {
        var profile = new SkinProfile { Pregnant = true, Concerns = [Concerns.Wrinkles] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic(), [Entry("test:retinol-serum", ExperienceKind.Owned)]);

        Assert.DoesNotContain("test:retinol-serum", ProductIds(plan));
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.HistoryOwnedReused);
    }

    [Fact]
    public void Build_OwnedButExcluded_SaysWhy()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Cleanser("scented-cleanser", 10, "Parfum"));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog,
            [Entry("test:scented-cleanser", ExperienceKind.Owned)]);

        Assert.DoesNotContain("test:scented-cleanser", ProductIds(plan));
        PlanWarning warning = plan.Warnings.Single(w => w.Rule == PlanRules.HistoryOwnedNotUsed);
        Assert.Contains(PlanRules.SensitiveNoFragrance, warning.Message);
        Assert.Contains("Parfum", warning.Message);
    }

    [Fact]
    public void Build_LikedProduct_PreferredOverBetterRated()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Make("liked-cream", ProductCategory.Moisturiser, 20, ["Water", "Squalane"], rating: 2.0));

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog, [Entry("test:liked-cream", ExperienceKind.Liked)]);

        RoutineStep moisturise = plan.Pm.Single(s => s.Step == RoutineSteps.Moisturise);
        Assert.Equal("test:liked-cream", moisturise.Product!.Id);
        Assert.Contains(PlanRules.HistoryLiked, moisturise.Explanation!.Rules);
    }

    [Fact]
    public void Build_DislikedProduct_LeftOut()
    {
        SkincarePlan plan = _planner.Build(new SkinProfile(), null, TestProducts.Basic(),
            [Entry("test:cleanser", ExperienceKind.Disliked)]);

        Assert.DoesNotContain("test:cleanser", ProductIds(plan));
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.HistoryDislikedProduct);
        Assert.Contains(PlanRules.HistoryDislikedProduct, plan.Am.Single(s => s.Step == RoutineSteps.Cleanse).Explanation!.Rules);
    }

    [Fact]
    public void Build_HistoryOfUnknownProducts_Ignored()
    {
        SkincarePlan withHistory = _planner.Build(new SkinProfile(), null, TestProducts.Basic(),
            [Reacted("test:not-in-catalog"), Entry("other:thing", ExperienceKind.Owned)]);
        SkincarePlan without = _planner.Build(new SkinProfile(), null, TestProducts.Basic());

        Assert.Equal(ProductIds(without), ProductIds(withHistory));
        Assert.DoesNotContain(withHistory.Warnings, w => w.Rule.StartsWith("history-", StringComparison.Ordinal));
    }

    private static ProductExperience Reacted(string key) => Entry(key, ExperienceKind.Reacted);

    private static ProductExperience Entry(string key, ExperienceKind kind) => new(key, kind, DateTimeOffset.UnixEpoch);

    private static List<string> ProductIds(SkincarePlan plan) =>
        [.. plan.Am.Concat(plan.Pm).Where(s => s.Product is not null).Select(s => s.Product!.Id)];
}
