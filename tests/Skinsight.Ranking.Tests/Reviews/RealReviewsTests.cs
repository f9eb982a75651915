using Skinsight.Ranking.Reviews;
using Skinsight.Testing;

namespace Skinsight.Ranking.Tests.Reviews;

public class RealReviewsTests
{
    [SharedDataFact("sephora-reviews-subset", "sephora-products-2023/product_info.csv")]
    public void Train_SephoraAuthorSplit_RanksDislikesAboveChance()
    {
        using var temp = new TempFolder();
        string train = Path.Combine(temp.Path, "train");
        string eval = Path.Combine(temp.Path, "eval");
        ReviewSplitter.SplitByAuthor(SharedData.PathOf("sephora-reviews-subset"), train, eval, seed: 7);
        string catalog = SharedData.PathOf("sephora-products-2023/product_info.csv");
        string model = Path.Combine(temp.Path, "ranker.zip");
        var options = new RankerTrainingOptions { Grid = [new RankerHyperparameters(8, 0.05, 100, 50)], Folds = 2 };

        RankerTrainingReport training = ReviewRanker.Train(train, catalog, model, seed: 7, progress: null, options);
        RankerReport report = ReviewRankerEvaluator.Evaluate(eval, catalog, model, resamples: 100, bootstrapSeed: 1);

        Assert.True(training.ProductsInCatalog > 0);
        Assert.True(report.N > 1000);
        Assert.Equal(0, report.AuthorsSeenInTraining);
        // Measured 0.75 with the default grid; 0.65 leaves room for the single small grid point here.
        Assert.True(report.Auc.Value > 0.65, $"AUC {report.Auc.Value}");
        Assert.True(report.Auc.Lower < report.Auc.Value, $"interval {report.Auc}");
        Assert.True(report.Auc.Value < report.Auc.Upper, $"interval {report.Auc}");
        Assert.True(report.Ndcg10.Value > report.RandomNdcg10.Value, $"NDCG@10 {report.Ndcg10.Value}");
    }

    [SharedDataFact("sephora-products-2023/product_info.csv")]
    public void ShippedModel_CatalogProduct_ReturnsContributions()
    {
        string model = Path.Combine(RepositoryRoot.Find()!, "models", "ranker", "sephora-ranker.zip");
        IReadOnlyDictionary<string, ProductFacts> catalog = ProductFactsReader.Read(
            SharedData.PathOf("sephora-products-2023/product_info.csv"), ReviewLayout.Sephora);
        (string key, ProductFacts product) = catalog.OrderBy(p => p.Key, StringComparer.Ordinal).First();

        DislikeScore score = ReviewRankerModel.Load(model).Score(new ReviewerProfile("dry", "light", []), key, product);

        Assert.InRange(score.Probability, 0.0, 1.0);
        Assert.NotEmpty(score.TopContributions);
        Assert.All(score.TopContributions, c => Assert.NotEqual(0f, c.Contribution));
    }
}
