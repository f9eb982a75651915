using Skinsight.Core.Catalog;
using Skinsight.Ranking.Suitability;
using Skinsight.Testing;

namespace Skinsight.Ranking.Tests.Suitability;

public class ShippedModelTests
{
    [Fact]
    public void Load_ShippedModel_PredictsEveryFlag()
    {
        string root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");
        SuitabilityModel model = SuitabilityModel.Load(Path.Combine(root, "models", "suitability", "suitability.zip"));

        IReadOnlyDictionary<string, double> probabilities = model.Predict(SyntheticCatalog.Product(
            "cream", ProductCategory.Moisturiser, 40m, "Water", "Glycerin", "Niacinamide", "Fragrance"));

        Assert.Equal(SkinTypeFlags.Names, probabilities.Keys);
        Assert.All(probabilities.Values, p => Assert.InRange(p, 0.0, 1.0));
        Assert.Equal(725, model.Neighbour.TrainingFlags.Count);
        Assert.Equal(31, model.Neighbour.K);
        Assert.Equal(0.5, model.NearDuplicates.MinSimilarity);
    }

    [Fact]
    public void Evaluate_OnlyUnreadableRows_NamesFirstSkippedRow()
    {
        string root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(SuitabilityData.FileName), SyntheticCatalog.Header + "\n"
            + "Moisturizer,TEST,Unlabelled,10,4,\"Water, Glycerin\",0,0,0,0,0\n"
            + "Moisturizer,TEST,No List,10,4,No Info,1,0,0,0,0\n");

        var ex = Assert.Throws<SuitabilityException>(() => SuitabilityEvaluator.Evaluate(
            folder.Path, Path.Combine(root, "models", "suitability", "suitability.zip"), resamples: 10));

        Assert.Contains("1 row has all five flags at 0", ex.Message);
        Assert.Contains("1 row could not be read (row 2:", ex.Message);
    }
}
