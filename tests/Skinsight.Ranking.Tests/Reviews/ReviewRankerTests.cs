using Skinsight.Ranking.Reviews;

namespace Skinsight.Ranking.Tests.Reviews;

public class ReviewRankerTests
{
    private static readonly RankerTrainingOptions s_small = new()
    {
        Grid = [new RankerHyperparameters(8, 0.1, 60, 10)],
        Folds = 2,
        Threads = 1,
    };

    [Fact]
    public void Train_PlantedProfilePattern_BeatsProductMean()
    {
        using var temp = new TempFolder();
        string train = SyntheticReviews.WriteFolder(temp.Path, "train", authors: 300, seed: 1);
        string eval = SyntheticReviews.WriteFolder(temp.Path, "eval", authors: 120, seed: 2);
        string model = Path.Combine(temp.Path, "ranker.zip");

        RankerTrainingReport training = ReviewRanker.Train(train, "", model, seed: 5, progress: null, s_small);
        RankerReport report = ReviewRankerEvaluator.Evaluate(eval, "", model, resamples: 200, bootstrapSeed: 9);

        Assert.Equal(900, training.Reviews);
        Assert.Equal(360, report.N);
        Assert.True(training.CvAuc > 0.8, $"cross-validated AUC {training.CvAuc}");
        Assert.True(report.Auc.Value > 0.8, $"model AUC {report.Auc.Value}");
        Assert.True(report.Baselines.ProductMean.Auc.Value < 0.7, $"product-mean AUC {report.Baselines.ProductMean.Auc.Value}");
        Assert.True(report.AucGainOverProductMean.Lower > 0, $"gain interval {report.AucGainOverProductMean}");
        Assert.True(report.Ndcg10.Value > report.RandomNdcg10.Value);
    }

    [Fact]
    public void Load_SavedModel_ScoresPlantedPattern()
    {
        using var temp = new TempFolder();
        string train = SyntheticReviews.WriteFolder(temp.Path, "train", authors: 300, seed: 1);
        string model = Path.Combine(temp.Path, "ranker.zip");
        ReviewRanker.Train(train, "", model, seed: 5, progress: null, s_small);

        ReviewRankerModel loaded = ReviewRankerModel.Load(model);
        var oily = new ReviewerProfile("oily", "light", []);
        var dry = new ReviewerProfile("dry", "light", []);

        Assert.Equal(ReviewLayout.Sephora, loaded.Layout);
        Assert.True(loaded.ScoreDislike(oily, "P4", null) > loaded.ScoreDislike(oily, "P5", null));
        Assert.True(loaded.ScoreDislike(dry, "P5", null) > loaded.ScoreDislike(dry, "P4", null));
    }

    [Fact]
    public void Score_PlantedPattern_ExplainsWithProfileFeature()
    {
        using var temp = new TempFolder();
        string train = SyntheticReviews.WriteFolder(temp.Path, "train", authors: 300, seed: 1);
        string model = Path.Combine(temp.Path, "ranker.zip");
        ReviewRanker.Train(train, "", model, seed: 5, progress: null, s_small);

        DislikeScore score = ReviewRankerModel.Load(model).Score(new ReviewerProfile("oily", "light", []), "P4", null);

        Assert.InRange(score.TopContributions.Count, 1, 5);
        Assert.StartsWith("skin_type", score.TopContributions[0].Feature, StringComparison.Ordinal);
        Assert.True(score.TopContributions[0].Contribution > 0, $"top contribution {score.TopContributions[0]}");
    }

    [Fact]
    public void Load_WithoutProfile_IgnoresSkinType()
    {
        using var temp = new TempFolder();
        string train = SyntheticReviews.WriteFolder(temp.Path, "train", authors: 300, seed: 1);
        string model = Path.Combine(temp.Path, "ranker.zip");
        ReviewRanker.Train(train, "", model, seed: 5, progress: null, s_small);

        ReviewRankerModel baseline = ReviewRankerModel.Load(model, useProfile: false);
        DislikeScore oily = baseline.Score(new ReviewerProfile("oily", "light", []), "P4", null);
        DislikeScore dry = baseline.Score(new ReviewerProfile("dry", "light", []), "P4", null);

        Assert.Equal(oily.Probability, dry.Probability);
        Assert.DoesNotContain(baseline.FeatureNames, n => n.StartsWith("skin_type", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TwiceFromOneFile_GivesSameScores()
    {
        using var temp = new TempFolder();
        string train = SyntheticReviews.WriteFolder(temp.Path, "train", authors: 100, seed: 3);
        string model = Path.Combine(temp.Path, "ranker.zip");
        ReviewRanker.Train(train, "", model, seed: 5, progress: null, s_small);
        var profile = new ReviewerProfile("oily", "light", []);

        double first = ReviewRankerModel.Load(model).ScoreDislike(profile, "P2", null);
        double second = ReviewRankerModel.Load(model).ScoreDislike(profile, "P2", null);

        Assert.Equal(first, second);
        Assert.InRange(first, 0, 1);
    }

    [Fact]
    public void Evaluate_MissingModel_ThrowsWithPath()
    {
        using var temp = new TempFolder();
        string eval = SyntheticReviews.WriteFolder(temp.Path, "eval", authors: 10, seed: 2);

        var error = Assert.Throws<RankerDataException>(
            () => ReviewRankerEvaluator.Evaluate(eval, "", Path.Combine(temp.Path, "absent.zip")));

        Assert.Contains("absent.zip", error.Message);
    }

    [Fact]
    public void SplitByAuthor_NoAuthorOnBothSides()
    {
        using var temp = new TempFolder();
        string data = SyntheticReviews.WriteFolder(temp.Path, "all", authors: 200, seed: 4);
        string train = Path.Combine(temp.Path, "train");
        string eval = Path.Combine(temp.Path, "eval");

        ReviewSplitCounts counts = ReviewSplitter.SplitByAuthor(data, train, eval, seed: 7);
        var trainAuthors = ReviewReader.ReadFolder(train).Reviews.Select(r => r.AuthorKey).ToHashSet();
        var evalAuthors = ReviewReader.ReadFolder(eval).Reviews.Select(r => r.AuthorKey).ToHashSet();

        Assert.Equal(600, counts.TrainRows + counts.EvalRows);
        Assert.Empty(trainAuthors.Intersect(evalAuthors));
        Assert.InRange(counts.EvalAuthors, 20, 60);
    }

    [Fact]
    public void SplitByRow_KeepsEveryRowOnce()
    {
        using var temp = new TempFolder();
        string data = SyntheticReviews.WriteFolder(temp.Path, "all", authors: 200, seed: 4);
        string train = Path.Combine(temp.Path, "train");
        string eval = Path.Combine(temp.Path, "eval");

        ReviewSplitCounts counts = ReviewSplitter.SplitByRow(data, train, eval, seed: 7);
        var all = ReviewReader.ReadFolder(data).Reviews;
        var split = ReviewReader.ReadFolder(train).Reviews.Concat(ReviewReader.ReadFolder(eval).Reviews);

        Assert.Equal(600, counts.TrainRows + counts.EvalRows);
        Assert.InRange(counts.EvalRows, 80, 160);
        Assert.Equal(all.Select(r => r.ToString()).Order(), split.Select(r => r.ToString()).Order());
    }
}
