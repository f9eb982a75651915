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
    }
}
