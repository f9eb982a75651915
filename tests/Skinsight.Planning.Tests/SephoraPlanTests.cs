using System.Diagnostics;
using Skinsight.Catalog.Import;
using Skinsight.Catalog.Import.Formats;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;
using Skinsight.Planning.Safety;
using Skinsight.Testing;
using Xunit.Abstractions;

namespace Skinsight.Planning.Tests;

/// <summary>
/// Plans against the real Sephora 2023 skincare catalog, skipped when the data is absent. Runs alone so the
/// timing test does not share the CPU with other tests.
/// </summary>
[CollectionDefinition(nameof(SephoraPlanTests), DisableParallelization = true)]
[Collection(nameof(SephoraPlanTests))]
public class SephoraPlanTests(ITestOutputHelper output)
{
    private const string CatalogPath = "sephora-products-2023/product_info.csv";

    private static readonly Lazy<List<Product>> s_catalog = new(() => CatalogReader
        .Read(SharedData.PathOf(CatalogPath), Sephora2023Format.FormatName)
        .Where(r => r.Imported)
        .Select(r => r.Product!)
        .ToList());

    [SharedDataFact(CatalogPath)]
    public void Build_SephoraExampleProfile_ChoosesSafeCatalogProducts()
    {
        List<Product> catalog = s_catalog.Value;
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());
        SkinProfile profile = ProfileReader.Parse("""
            {"age": 29, "skinType": "combination", "sensitive": true, "concerns": ["acne", "redness"], "pregnant": false,
             "allergies": ["fragrance"], "climate": {"humidity": "dry", "uvIndex": 7}, "budgetUsd": 120}
            """);

        SkincarePlan plan = planner.Build(profile, null, catalog);

        Assert.True(plan.FromCatalog);
        Assert.Equal(RoutineSteps.Sunscreen, plan.Am[^1].Step);
        Assert.NotNull(plan.Am[^1].Product);
        Assert.True(plan.TotalPriceUsd <= 120m, $"total {plan.TotalPriceUsd}");
        Assert.Contains(plan.Am.Concat(plan.Pm), s => s.Step == RoutineSteps.Treat && s.Product is not null);
        var checker = new PlanSafetyChecker(IngredientKnowledge.LoadDefault());
        Assert.Empty(checker.Check(plan, profile, catalog));
        foreach (RoutineStep step in plan.Am.Concat(plan.Pm))
        {
            output.WriteLine($"{step.Step,-10} {step.Product?.Name ?? "(ingredient only)"} | {step.Frequency} | {step.Reason}");
        }

        foreach (PlanWarning warning in plan.Warnings)
        {
            output.WriteLine($"warning {warning.Rule}: {warning.Message}");
        }
    }

    [SharedDataFact(CatalogPath)]
    public void Build_FragranceAllergyNotSensitive_NoEssentialOils()
    {
        List<Product> catalog = s_catalog.Value;
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());
        IngredientKnowledge knowledge = IngredientKnowledge.LoadDefault();
        SkinProfile profile = ProfileReader.Parse("""
            {"age": 27, "skinType": "normal", "concerns": ["dullness", "wrinkles"], "allergies": ["fragrance"], "budgetUsd": 100}
            """);

        SkincarePlan plan = planner.Build(profile, null, catalog);

        Assert.Empty(new PlanSafetyChecker(knowledge).Check(plan, profile, catalog));
        var byKey = catalog.DistinctBy(p => p.Key).ToDictionary(p => p.Key);
        foreach (RoutineStep step in plan.Am.Concat(plan.Pm).Where(s => s.Product is not null))
        {
            Product product = byKey[step.Product!.Id];
            Assert.False(knowledge.ContainsAllergen(product.Ingredients, "fragrance", out string matched), $"{product.Name}: {matched}");
            Assert.False(step.Step != RoutineSteps.Treat && product.Name.Contains("Mask", StringComparison.OrdinalIgnoreCase), product.Name);
        }
    }

    [SharedDataFact(CatalogPath)]
    public void Evaluate_RiskProfilesOnSephora_NoViolations()
    {
        List<Product> catalog = s_catalog.Value;
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());
        var checker = new PlanSafetyChecker(IngredientKnowledge.LoadDefault());

        long start = Stopwatch.GetTimestamp();
        planner.Build(new SkinProfile(), null, catalog);
        double firstMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        // Every 4th profile keeps the run short while still covering each factor's values.
        SafetyReport report = SafetyEvaluation.Run(planner, checker, catalog, RiskProfiles.All().Where((_, i) => i % 4 == 0));

        output.WriteLine($"catalog products: {catalog.Count}; first plan (builds the index): {firstMs:0} ms");
        output.WriteLine($"plans: {report.Plans}; violations: {report.Violations}; mean {report.MeanPlanMs:0.00} ms; max {report.MaxPlanMs:0.0} ms");
        foreach (string example in report.Examples)
        {
            output.WriteLine(example);
        }

        Assert.True(report.Violations == 0, string.Join("\n", report.Examples));
    }

    [SharedDataFact(CatalogPath)]
    public void Build_WarmSephoraIndex_TakesFewMilliseconds()
    {
        List<Product> catalog = s_catalog.Value;
        var planner = new RoutinePlanner(CatalogKnowledge.LoadDefault());
        var profiles = RiskProfiles.All().Where((_, i) => i % 8 == 0).ToList();
        foreach (SkinProfile profile in profiles)
        {
            planner.Build(profile, null, catalog);
        }

        // Processor time rather than wall time, because other developers' builds share this machine's cores.
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        foreach (SkinProfile profile in profiles)
        {
            planner.Build(profile, null, catalog);
        }

        double wallMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds / profiles.Count;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / profiles.Count;
        output.WriteLine($"{profiles.Count} warm plans over {catalog.Count} products: wall {wallMs:0.00} ms, processor {cpuMs:0.00} ms per plan");

        // A loose bound that still catches a return to scanning the whole catalog per step.
        Assert.True(cpuMs < 15, $"processor time per plan {cpuMs:0.00} ms");
    }
}
