using Skinsight.Application.Ports;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Application.Tests;

/// <summary>Small domain values for use-case tests.</summary>
internal static class Samples
{
    public static byte[] Jpeg { get; } = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];

    public static byte[] NotAPhoto { get; } = [0x25, 0x50, 0x44, 0x46];

    public static Product Product(string sourceId, decimal price = 10m, ProductCategory category = ProductCategory.Serum) =>
        new()
        {
            Source = "test-catalog",
            SourceId = sourceId,
            Name = "Product " + sourceId,
            Brand = "Brand",
            Category = category,
            PriceUsd = price,
            IngredientsRaw = "Aqua, Glycerin",
            Ingredients = ["aqua", "glycerin"],
        };

    public static CatalogRow Row(long number, string sourceId, decimal price = 10m) =>
        new(number, Product(sourceId, price), null);

    public static CatalogRow Skip(long number, string reason) => new(number, null, reason);

    public static SkinAnalysis Analysis(bool accepted) =>
        new()
        {
            Mode = accepted ? AnalysisMode.Face : AnalysisMode.Rejected,
            Quality = new QualityReport(accepted, accepted ? 80 : 20, []),
            Image = new ImageInfo("jpeg", 640, 480, 1),
            SkinTone = accepted ? new SkinTone(60, 12, 18, 33.7, "intermediate") : null,
        };

    public static SkinProfile Profile() => new() { Age = 30, SkinType = SkinType.Dry, Concerns = [Concerns.Dryness] };

    public static SkincarePlan Plan() =>
        new()
        {
            Am = [new RoutineStep("moisturise", "daily", "Dry skin needs a barrier.", null, ["glycerin"], [Concerns.Dryness])],
            Pm = [],
        };
}
