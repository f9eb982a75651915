using System.Diagnostics;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Xunit.Abstractions;

namespace Skinsight.Planning.Tests;

/// <summary>Plan speed on a synthetic catalog the size of Sephora's skincare range, without the real data.</summary>
[Collection(nameof(SephoraPlanTests))]
public class PlannerSpeedTests(ITestOutputHelper output)
{
    private const int CatalogSize = 2500;

    [Fact]
    public void Build_2500Products_FewMillisecondsPerPlan()
    {
        List<Product> catalog = SyntheticCatalog();
        var planner = new RoutinePlanner(new FakeKnowledge());
        SkinProfile[] profiles =
        [
            new() { Concerns = [Concerns.Wrinkles, Concerns.Dullness, Concerns.Acne], BudgetUsd = 80 },
            new() { Pregnant = true, Sensitive = true, Allergies = ["fragrance"], Concerns = [Concerns.DarkSpots] },
            new() { SkinType = SkinType.Oily, Concerns = [Concerns.Pores, Concerns.Redness], BudgetUsd = 40 },
        ];
        // Enough warm-up calls for tiered compilation to replace the first, unoptimised code.
        const int Rounds = 100;
        for (int i = 0; i < Rounds; i++)
        {
            foreach (SkinProfile profile in profiles)
            {
                planner.Build(profile, null, catalog);
            }
        }

        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        SkincarePlan? last = null;
        for (int i = 0; i < Rounds; i++)
        {
            foreach (SkinProfile profile in profiles)
            {
                last = planner.Build(profile, null, catalog);
            }
        }

        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / (Rounds * profiles.Length);
        output.WriteLine($"processor time per plan over {CatalogSize} products: {cpuMs:0.00} ms");
        Assert.True(last!.FromCatalog);
        Assert.True(cpuMs < 15, $"processor time per plan {cpuMs:0.00} ms");
    }

    /// <summary>Products of every plannable category, each with one fake active or none, fragrance in every 5th.</summary>
    private static List<Product> SyntheticCatalog()
    {
        string[] actives = ["Retinol", "Glycolic Acid", "Salicylic Acid", "Niacinamide", "Ascorbic Acid", "Bakuchiol", "Sodium Hyaluronate", ""];
        ProductCategory[] categories =
        [
            ProductCategory.Cleanser, ProductCategory.Moisturiser, ProductCategory.Serum,
            ProductCategory.Toner, ProductCategory.Sunscreen, ProductCategory.Exfoliant,
        ];
        var random = new Random(7);
        var catalog = new List<Product>(CatalogSize);
        for (int i = 0; i < CatalogSize; i++)
        {
            ProductCategory category = categories[i % categories.Length];
            var ingredients = new List<string> { "Water", "Glycerin", "Squalane", "Cetearyl Alcohol", "Phenoxyethanol" };
            string active = actives[random.Next(actives.Length)];
            if (active.Length > 0)
            {
                ingredients.Add(active);
            }

            if (i % 5 == 0)
            {
                ingredients.Add("Linalool");
            }

            string name = category == ProductCategory.Sunscreen ? $"Product {i} SPF {15 + (i % 4) * 10}" : $"Product {i}";
            catalog.Add(TestProducts.Make($"p{i}", category, 5 + random.Next(95), [.. ingredients], rating: 2 + random.NextDouble() * 3, name: name));
        }

        return catalog;
    }
}
