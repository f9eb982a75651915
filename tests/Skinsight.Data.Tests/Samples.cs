using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Data.Tests;

/// <summary>Small domain values for store tests.</summary>
internal static class Samples
{
    public static Product Product(string sourceId, decimal? price = 10m, ProductCategory category = ProductCategory.Serum) =>
        new()
        {
            Source = "test-catalog",
            SourceId = sourceId,
            Name = "Product " + sourceId,
            Brand = "Brand",
            Category = category,
            SourceCategory = "Skincare/" + category,
            PriceUsd = price,
            Price = price,
            Currency = price is null ? "" : "USD",
            Rating = 4.5,
            ReviewCount = 12,
            IngredientsRaw = "Aqua, Niacinamide, Glycerin",
            Ingredients = ["aqua", "niacinamide", "glycerin"],
            Labels = ["skin:Oily"],
            SkinTypes = ["oily"],
            GoodFor = [Concerns.Acne],
        };

    public static SkinAnalysis Analysis(bool accepted = true, double score = 82.5) =>
        new()
        {
            Mode = accepted ? AnalysisMode.Face : AnalysisMode.Rejected,
            Quality = new QualityReport(
                accepted,
                score,
                accepted ? [] : [new QualityIssue("blurred", "The photo is blurred.", "Hold the camera still.", true)]),
            Image = new ImageInfo("jpeg", 640, 480, 1),
            Metrics = accepted
                ? new Dictionary<string, MeasureResult>
                {
                    [MeasureNames.Redness] = new(
                        31.5,
                        2.0,
                        new Dictionary<string, double> { ["forehead"] = 28.0 },
                        new Dictionary<string, double> { ["meanA"] = 14.2 }),
                }
                : new Dictionary<string, MeasureResult>(),
            SkinTone = accepted ? new SkinTone(62.1, 12.3, 17.9, 34.1, "intermediate") : null,
            Concerns = accepted ? [new ConcernFinding(Concerns.Redness, 0.3, "photo")] : [],
            ElapsedMs = 120,
        };

    public static SkinProfile Profile() =>
        new() { Age = 34, SkinType = SkinType.Oily, Concerns = [Concerns.Acne], BudgetUsd = 80m };

    public static SkincarePlan Plan() =>
        new()
        {
            Am = [new RoutineStep("cleanse", "daily", "Removes oil.", null, ["salicylic acid"], [Concerns.Acne])],
            Pm = [],
            TotalPriceUsd = 0m,
        };

    public static byte[] PhotoBytes(byte seed) => [0xFF, 0xD8, 0xFF, seed, 1, 2, 3, 4];
}
