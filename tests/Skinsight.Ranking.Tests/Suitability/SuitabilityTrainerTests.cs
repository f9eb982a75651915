using System.Text.Json;
using Skinsight.Core.Catalog;
using Skinsight.Ranking.Suitability;
using Skinsight.Testing;

namespace Skinsight.Ranking.Tests.Suitability;

public class SuitabilityTrainerTests
{
    private static readonly SuitabilityTrainingOptions s_small = new()
    {
        Grid = [new SuitabilityHyperParameters(4, 0.1, 40, 5), new SuitabilityHyperParameters(2, 0.05, 5, 20)],
        Folds = 3,
    };

    [Fact]
    public void Load_UnlabelledRows_AreCountedAndLeftOut()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.Path, rows: 20, seed: 1, unlabelledEvery: 5);

        SuitabilityData data = SuitabilityData.Load(folder.Path);

        Assert.Equal(16, data.Products.Count);
        Assert.Equal(4, data.UnlabelledRowsLeftOut);
        Assert.Equal(0, data.RowsSkipped);
        Assert.All(data.Products, p => Assert.Contains(true, p.Flags));
    }

    [Fact]
    public void Load_MissingFile_ThrowsSuitabilityException()
    {
        using var folder = new TempFolder();

        var ex = Assert.Throws<SuitabilityException>(() => SuitabilityData.Load(folder.Path));

        Assert.Contains("cosmetics.csv", ex.Message);
    }

    [Fact]
    public void Train_PlantedRule_PredictsRuleOnNewProducts()
    {
        using var folder = new TempFolder();
        string trainDir = folder.File("train");
        string testDir = folder.File("test");
        SyntheticCatalog.WritePlanted(trainDir, rows: 150, seed: 11, unlabelledEvery: 10);
        SyntheticCatalog.WritePlanted(testDir, rows: 60, seed: 12);
        string modelPath = folder.File("model.zip");

        SuitabilityTrainingReport training = SuitabilityTrainer.Train(trainDir, modelPath, seed: 5, progress: null, s_small);
        SuitabilityReport report = SuitabilityEvaluator.Evaluate(testDir, modelPath, resamples: 200);

        Assert.Equal(135, training.TrainingRows);
        Assert.Equal(15, training.UnlabelledRowsLeftOut);
        Assert.Equal(SkinTypeFlags.Names, training.Chosen.Keys);
        Assert.All(training.Chosen.Values, setting => Assert.Contains(setting, s_small.Grid));
        Assert.True(File.Exists(folder.File("model.json")));
        Assert.Equal(60, report.N);
        Assert.True(report.MacroF1 > 0.95, $"macro-F1 {report.MacroF1}");
        Assert.True(report.MacroF1 > report.BaselineMajorityMacroF1, $"majority {report.BaselineMajorityMacroF1}");
        Assert.True(report.GainOverMajorityInterval.Lower > 0, $"gain interval {report.GainOverMajorityInterval}");
        Assert.InRange(report.MacroF1, report.MacroF1Interval.Lower, report.MacroF1Interval.Upper);
    }

    [Fact]
    public void Predict_SalicylicAcid_RaisesOilyAndLowersDry()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.Path, rows: 150, seed: 21);
        string modelPath = folder.File("model.zip");
        SuitabilityTrainer.Train(folder.Path, modelPath, seed: 5, progress: null, s_small);
        SuitabilityModel model = SuitabilityModel.Load(modelPath);

        IReadOnlyDictionary<string, double> withAcid = model.Predict(SyntheticCatalog.Product(
            "acid", ProductCategory.Moisturiser, 30m, "Water", "Glycerin", "Salicylic Acid", "Squalane", "Phenoxyethanol"));
        IReadOnlyDictionary<string, double> without = model.Predict(SyntheticCatalog.Product(
            "plain", ProductCategory.Moisturiser, 30m, "Water", "Glycerin", "Squalane", "Phenoxyethanol"));

        Assert.Equal(SkinTypeFlags.Names, withAcid.Keys);
        Assert.True(withAcid["oily"] > 0.5, $"oily {withAcid["oily"]}");
        Assert.True(without["oily"] < 0.5, $"oily {without["oily"]}");
        Assert.True(withAcid["dry"] < 0.5, $"dry {withAcid["dry"]}");
        Assert.True(without["dry"] > 0.5, $"dry {without["dry"]}");
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalPredictions()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.Path, rows: 90, seed: 31);
        var options = s_small with { Grid = [s_small.Grid[0]] };
        SuitabilityModel trained = SuitabilityTrainer.Fit(
            SuitabilityData.Load(folder.Path), seed: 2, options, progress: null, out _);
        string modelPath = folder.File("round-trip.zip");
        Product[] products = [.. SuitabilityData.Load(folder.Path).Products.Take(10).Select(p => p.Product)];

        trained.Save(modelPath);
        SuitabilityModel loaded = SuitabilityModel.Load(modelPath);

        Assert.Equal(trained.PredictProbabilities(products), loaded.PredictProbabilities(products));
        Assert.Equal(trained.Features.Vocabulary, loaded.Features.Vocabulary);
        Assert.Equal(trained.HyperParameters, loaded.HyperParameters);
        Assert.Equal(trained.Calibrations, loaded.Calibrations);
        Assert.Equal(trained.Thresholds, loaded.Thresholds);
        Assert.Equal(trained.UsesModel, loaded.UsesModel);
        Assert.Equal(trained.BagSizes, loaded.BagSizes);
        Assert.Equal(trained.Majority.Flags, loaded.Majority.Flags);
        Assert.Equal(trained.Neighbour.K, loaded.Neighbour.K);
        Assert.Equal(trained.Neighbour.TrainingIngredients, loaded.Neighbour.TrainingIngredients);
        Assert.Equal(trained.NearDuplicates.MinSimilarity, loaded.NearDuplicates.MinSimilarity);
        Assert.Equal(trained.PredictFlags(products), loaded.PredictFlags(products));
    }

    [Fact]
    public void Train_ConstantFlag_ThrowsWithFlagName()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("cosmetics.csv"), SyntheticCatalog.Header + "\n" + string.Concat(
            Enumerable.Range(0, 20).Select(i => $"Cleanser,B,N{i},10,4,\"Water, Glycerin\",1,{i % 2},1,0,1\n")));

        var ex = Assert.Throws<SuitabilityException>(() =>
            SuitabilityTrainer.Train(folder.Path, folder.File("m.zip"), 1, null, s_small with { Folds = 2 }));

        Assert.Contains("combination", ex.Message);
    }

    [Fact]
    public void Train_OnlyUnlabelledRows_Throws()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("cosmetics.csv"), SyntheticCatalog.Header + "\n" + string.Concat(
            Enumerable.Range(0, 3).Select(i => $"Cleanser,B,N{i},10,4,\"Water, Glycerin, Squalane\",0,0,0,0,0\n")));

        var ex = Assert.Throws<SuitabilityException>(() =>
            SuitabilityTrainer.Train(folder.Path, folder.File("m.zip"), 1, null, s_small));

        Assert.Contains("No labelled products", ex.Message);
        Assert.Contains("3 rows have all five flags at 0", ex.Message);
        Assert.False(File.Exists(folder.File("m.zip")));
    }

    [Fact]
    public void Train_ModelPathIsFolder_ThrowsBeforeTraining()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.Path, rows: 60, seed: 51);
        Directory.CreateDirectory(folder.File("out"));

        var ex = Assert.Throws<SuitabilityException>(() =>
            SuitabilityTrainer.Train(folder.Path, folder.File("out"), 1, null, s_small));

        Assert.Contains("is a folder", ex.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.File("out")));
        Assert.False(File.Exists(folder.File("out.json")));
    }

    [Fact]
    public void Train_JsonModelPath_ThrowsBeforeTraining()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.Path, rows: 60, seed: 51);

        var ex = Assert.Throws<SuitabilityException>(() =>
            SuitabilityTrainer.Train(folder.Path, folder.File("model.json"), 1, null, s_small));

        Assert.Contains("model.json", ex.Message);
        Assert.Contains(".zip", ex.Message);
        Assert.False(File.Exists(folder.File("model.json")));
    }

    [Fact]
    public void Save_TargetIsFolder_LeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.Path, rows: 60, seed: 51);
        SuitabilityModel model = SuitabilityTrainer.Fit(
            SuitabilityData.Load(folder.Path), seed: 3, s_small with { Grid = [s_small.Grid[0]] }, progress: null, out _);
        Directory.CreateDirectory(folder.File("out"));

        Assert.ThrowsAny<IOException>(() => model.Save(folder.File("out")));

        Assert.False(File.Exists(folder.File("out.tmp")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.File("out")));
    }

    [Fact]
    public void Load_NotAModel_ThrowsSuitabilityException()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("model.zip"), "not a zip");

        var ex = Assert.Throws<SuitabilityException>(() => SuitabilityModel.Load(folder.File("model.zip")));

        Assert.Contains("model.zip", ex.Message);
        Assert.Contains("Retrain", ex.Message);
    }

    [Fact]
    public void ReportJson_UsesContractKeys()
    {
        var interval = new Interval(0.1, 0.2);
        var report = new SuitabilityReport
        {
            N = 3,
            MacroF1Interval = interval,
            BaselineMajorityMacroF1Interval = interval,
            BaselineNeighbourMacroF1Interval = interval,
            GainOverMajorityInterval = interval,
            GainOverNeighbourInterval = interval,
        };

        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(report));
        string[] keys = [.. json.RootElement.EnumerateObject().Select(p => p.Name)];

        foreach (string key in new[] { "n", "macroF1", "baselineMajorityMacroF1", "baselineNeighbourMacroF1", "unlabelledRowsLeftOut" })
        {
            Assert.Contains(key, keys);
        }
    }

    [Fact]
    public void ChoosePerFlag_DifferentWinners_PicksLowestLogLossPerFlag()
    {
        var first = new SuitabilityHyperParameters(4, 0.1, 50, 5);
        var second = new SuitabilityHyperParameters(16, 0, 100, 5, SuitabilityLearner.FastForest);
        GridResult[] grid =
        [
            new(first, 0.3, [0.1, 0.4, 0.2, 0.3, 0.5]),
            new(second, 0.3, [0.1, 0.35, 0.25, 0.3, 0.6]),
        ];

        int[] chosen = SuitabilityTrainer.ChoosePerFlag(grid);

        Assert.Equal([0, 1, 0, 0, 0], chosen);
    }

    [Fact]
    public void ChooseShared_LowestMeanLogLoss_AppliesToEveryFlag()
    {
        var first = new SuitabilityHyperParameters(4, 0.1, 50, 5);
        var second = new SuitabilityHyperParameters(16, 0.05, 200, 20);
        GridResult[] grid =
        [
            new(first, 0.32, [0.1, 0.4, 0.2, 0.3, 0.6]),
            new(second, 0.31, [0.1, 0.35, 0.25, 0.3, 0.55]),
        ];

        int[] chosen = SuitabilityTrainer.ChooseShared(grid);

        Assert.All(chosen, index => Assert.Equal(1, index));
    }

    [Fact]
    public void Train_NoiseFlag_KeepsMajorityRuleForIt()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.File("train"), rows: 150, seed: 41, normalNoiseRate: 0.9);
        SyntheticCatalog.WritePlanted(folder.File("test"), rows: 60, seed: 42, normalNoiseRate: 0.9);
        string modelPath = folder.File("model.zip");

        SuitabilityTrainingReport training = SuitabilityTrainer.Train(folder.File("train"), modelPath, seed: 5, progress: null, s_small);
        SuitabilityModel model = SuitabilityModel.Load(modelPath);
        bool[][] predicted = model.PredictFlags([.. SuitabilityData.Load(folder.File("test")).Products.Select(p => p.Product)]);

        Assert.False(training.UsesModel["normal"], "normal is noise, so it must keep the majority rule");
        Assert.True(training.UsesModel["oily"], "oily follows salicylic acid, so the model must decide it");
        Assert.True(training.UsesModel["sensitive"], "sensitive follows fragrance, so the model must decide it");
        Assert.All(predicted, row => Assert.True(row[2]));
        Assert.Equal(s_small.Repeats, training.Decisions["normal"].ModelF1.Length);
    }

    [Fact]
    public void Train_Repeats_BagsEveryFoldModel()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.Path, rows: 60, seed: 51);
        var options = s_small with { Grid = [s_small.Grid[0]], Repeats = 2 };

        SuitabilityModel model = SuitabilityTrainer.Fit(SuitabilityData.Load(folder.Path), seed: 3, options, progress: null, out _);

        Assert.All(model.BagSizes, size => Assert.Equal(options.Folds * options.Repeats, size));
    }

    [Theory]
    [InlineData(SuitabilityLearner.FastTree)]
    [InlineData(SuitabilityLearner.FastForest)]
    public void Train_OtherLearners_PredictPlantedRule(SuitabilityLearner learner)
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WritePlanted(folder.File("train"), rows: 150, seed: 11);
        SyntheticCatalog.WritePlanted(folder.File("test"), rows: 60, seed: 12);
        var options = s_small with { Grid = [new SuitabilityHyperParameters(4, 0.1, 40, 5, learner)] };

        SuitabilityTrainer.Train(folder.File("train"), folder.File("model.zip"), seed: 5, progress: null, options);
        SuitabilityReport report = SuitabilityEvaluator.Evaluate(folder.File("test"), folder.File("model.zip"), resamples: 50);

        Assert.True(report.MacroF1 > 0.9, $"macro-F1 {report.MacroF1}");
        Assert.Equal(learner, SuitabilityModel.Load(folder.File("model.zip")).HyperParameters[0].Learner);
    }

    [Fact]
    public void AssignFolds_TenRowsThreeFolds_BalancesSizes()
    {
        int[] folds = SuitabilityTrainer.AssignFolds(10, 3, seed: 4);

        Assert.Equal([4, 3, 3], folds.GroupBy(f => f).OrderBy(g => g.Key).Select(g => g.Count()));
    }
}
