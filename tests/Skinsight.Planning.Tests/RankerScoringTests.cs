using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Scoring;

namespace Skinsight.Planning.Tests;

/// <summary>The planner with the shipped review-trained ranker, and its fallback when the model file is missing.</summary>
public class RankerScoringTests
{
    private static readonly Lazy<string> s_modelPath = new(() =>
        LazyRankerScorer.FindDefaultModel() ?? throw new InvalidOperationException("models/ranker/sephora-ranker.zip is missing."));

    [Fact]
    public void FindDefaultModel_InRepository_FindsShippedFile()
    {
        Assert.EndsWith(LazyRankerScorer.DefaultRelativePath, s_modelPath.Value);
    }

    [Fact]
    public void Build_WithRanker_ChoosesHighestScoredCleanser()
    {
        var scorer = new LazyRankerScorer(s_modelPath.Value);
        var planner = new RoutinePlanner(new FakeKnowledge(), scorer);
        List<Product> catalog = CatalogWithCleansers();
        var profile = new SkinProfile();

        SkincarePlan plan = planner.Build(profile, null, catalog);

        var context = new ScoringContext(profile, RoutineSteps.Cleanse, [], null);
        var ranked = catalog.Where(p => p.Category == ProductCategory.Cleanser)
            .OrderByDescending(p => scorer.Score(p, context))
            .ToList();
        Assert.Equal(ReviewRankerScorer.ScorerName, scorer.Name);
        Assert.NotEqual(scorer.Score(ranked[0], context), scorer.Score(ranked[^1], context));
        Assert.Equal(ranked[0].Key, plan.Am.Single(s => s.Step == RoutineSteps.Cleanse).Product!.Id);
    }

    [Fact]
    public void Build_WithRanker_ExplainsEveryProductStep()
    {
        var planner = new RoutinePlanner(new FakeKnowledge(), new LazyRankerScorer(s_modelPath.Value));

        SkincarePlan plan = planner.Build(new SkinProfile { Concerns = ["acne"] }, null, CatalogWithCleansers());

        foreach (RoutineStep step in plan.Am.Concat(plan.Pm).Where(s => s.Product is not null))
        {
            RankingExplanation ranking = step.Explanation!.Ranking!;
            Assert.Equal(ReviewRankerScorer.ScorerName, ranking.Scorer);
            Assert.InRange(ranking.DislikeProbability!.Value, 0, 1);
            Assert.Equal(1 - ranking.DislikeProbability.Value, ranking.Score, 6);
            Assert.True(ranking.Candidates >= 1);
            Assert.NotEmpty(ranking.Factors);
            Assert.True(ranking.Factors.Count <= ReviewRankerScorer.ExplainedFeatures);
            Assert.All(ranking.Factors, f => Assert.Matches(@"\(ranks it (higher|lower) than the average product\)$", f.Text));
            Assert.NotEmpty(step.Concerns.Concat(step.Ingredients));
        }
    }

    [Fact]
    public void Build_ModelMissing_FallsBackToTransparentScorer()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-ranker-{Guid.NewGuid():N}.zip");
        var scorer = new LazyRankerScorer(missing);
        var planner = new RoutinePlanner(new FakeKnowledge(), scorer);

        SkincarePlan plan = planner.Build(new SkinProfile(), null, CatalogWithCleansers());

        Assert.Equal(TransparentScorer.ScorerName, scorer.Name);
        Assert.Contains(missing, scorer.FallbackReason);
        RankingExplanation ranking = plan.Am.Single(s => s.Step == RoutineSteps.Cleanse).Explanation!.Ranking!;
        Assert.Equal(TransparentScorer.ScorerName, ranking.Scorer);
        Assert.Null(ranking.DislikeProbability);
        Assert.Contains(ranking.Factors, f => f.Feature == "catalog_rating");
    }

    [Fact]
    public void Scorer_NoModelPath_FallsBack()
    {
        var scorer = new LazyRankerScorer(null);

        Assert.Equal(TransparentScorer.ScorerName, scorer.Name);
        Assert.NotNull(scorer.FallbackReason);
    }

    [Fact]
    public void Build_NotAModelFile_FallsBackWithReason()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-ranker-{Guid.NewGuid():N}.zip");
        File.WriteAllText(path, "not a zip");
        try
        {
            var scorer = new LazyRankerScorer(path);

            Assert.Equal(TransparentScorer.ScorerName, scorer.Name);
            Assert.False(string.IsNullOrEmpty(scorer.FallbackReason));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Real Sephora product ids, so the model's review statistics apply, with made-up ingredient lists.</summary>
    private static List<Product> CatalogWithCleansers()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.Category == ProductCategory.Cleanser);
        catalog.Add(TestProducts.Make("P7880", ProductCategory.Cleanser, 24, ["Water", "Glycerin", "Coco-Glucoside"], rating: 4.6));
        catalog.Add(TestProducts.Make("P248407", ProductCategory.Cleanser, 39, ["Water", "Glycerin", "Sodium Laureth Sulfate"], rating: 3.2));
        catalog.Add(TestProducts.Make("P442563", ProductCategory.Cleanser, 12, ["Water", "Glycerin", "Salicylic Acid"], rating: 4.1));
        return catalog;
    }
}
