using System.Text.Json;
using Skinsight.Cli.Commands;
using Skinsight.Cli.Infrastructure;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class AnalysisEvaluateTests
{
    private const string DermaMnist = "images/ham10000-dermamnist";

    [Fact]
    public async Task LesionSegmentation_NoMetadata_ExitsWithOneLine()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("empty"));

        var result = await cli.RunAsync("evaluate", "lesion-segmentation", "--data", cli.File("empty"), "--json");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("metadata.csv", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_MissingTrainingData_NamesTheOption()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("data"));

        var result = await cli.RunAsync("evaluate", "condition", "--data", cli.File("data"),
            "--model", cli.File("model"), "--training-data", cli.File("no-such-folder"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains(cli.File("no-such-folder"), error, StringComparison.Ordinal);
        Assert.Contains("check --training-data", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LesionSegmentation_UnknownMethod_EndsSentenceBeforeHelp()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("evaluate", "lesion-segmentation", "--data", cli.File("data"), "--method", "bogus");

        string error = Assert.Single(result.ErrorLines);
        Assert.Contains("'bogus'", error, StringComparison.Ordinal);
        Assert.Contains("'classical'. Run 'skinsight evaluate lesion-segmentation --help'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acne_LabelsWithoutSeverity_ExitsNamingTheColumn()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));
        await File.WriteAllTextAsync(cli.File("acne/labels.csv"), "image_file,annotation_file,n_lesions\n");

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("severity_level", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acne_UnknownDetector_ExitsListingNames()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"), "--detector", "yolo");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("'yolo'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("learned or colour", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acne_LearnedWithoutModel_NamesColour()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"), "--detector", "learned",
            "--model", cli.File("no-model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(cli.File("no-model"), result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--detector colour", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acne_ColourWithModel_Exits()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"), "--detector", "colour",
            "--model", cli.File("model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--model", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acne_ColourWithGrader_Exits()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"), "--detector", "colour",
            "--grader", cli.File("grader"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--grader applies only to --detector learned", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("missing")]
    public async Task Acne_EmptyOrMissingGrader_ExitsNamingIt(string grader)
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));
        string value = grader.Length == 0 ? "" : cli.File(grader);

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"), "--detector", "learned",
            "--grader", value);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(grader.Length == 0 ? "--grader is empty" : value + " was not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acne_GraderFolderWithoutGrader_ExitsNamingIt()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));
        Directory.CreateDirectory(cli.File("empty"));

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"), "--detector", "learned",
            "--grader", cli.File("empty"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(cli.File("empty"), result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--fine-tune", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'none'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAcne_FineTuneAndDetector_Exits()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync(
            "train", "acne", "--data", cli.File("acne"), "--fine-tune", "--detector", "--out", cli.File("model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--fine-tune and --detector", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.File("model")));
    }

    [Fact]
    public async Task TrainAcne_DetectorOutOnGrader_KeepsGrader()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));
        string grader = CopyShippedGraderInfo(cli);
        await File.WriteAllBytesAsync(Path.Combine(grader, "weights.bin"), [1, 2, 3]);
        string info = await File.ReadAllTextAsync(Path.Combine(grader, "acne-grader.json"));

        var result = await cli.RunAsync("train", "acne", "--data", cli.File("acne"), "--detector", "--epochs", "1",
            "--out", grader);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(grader, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("new folder", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(grader, "weights.bin")));
        Assert.Equal(info, await File.ReadAllTextAsync(Path.Combine(grader, "acne-grader.json")));
    }

    [Fact]
    public async Task Acne_GraderAsModel_ExitsNamingItsKind()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));
        string grader = CopyShippedGraderInfo(cli);

        var result = await cli.RunAsync("evaluate", "acne", "--data", cli.File("acne"), "--model", grader);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(grader, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("FineTuned", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("train acne --detector", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(128, 128)]
    [InlineData(320, 320)]
    [InlineData(640, 320)]
    public void DetectorOptions_InputSize_CropFitsInIt(int inputSize, int cropSize)
    {
        var options = AcneGraderCommands.DetectorOptions(epochs: 2, seed: 4, inputSize);

        Assert.Equal(inputSize, options.InputSize);
        Assert.Equal(cropSize, options.CropSize);
        Assert.Equal(2, options.Epochs);
        Assert.Equal(4, options.Seed);
    }

    [Fact]
    public async Task AcneGrade_UnknownSplit_ExitsListingSplits()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync("evaluate", "acne-grade", "--data", cli.File("acne"), "--split", "holdout");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("'holdout'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("train, val, test", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcneGrade_MissingModel_ExitsNamingTrainCommand()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync(
            "evaluate", "acne-grade", "--data", cli.File("acne"), "--model", cli.File("no-model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("skinsight train acne", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100", "multiple of 32")]
    [InlineData("672", "64 to 640")]
    public async Task TrainAcne_FineTuneWithBadInputSize_ExitsNamingTheValue(string size, string hint)
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync(
            "train", "acne", "--data", cli.File("acne"), "--fine-tune", "--input-size", size, "--out", cli.File("model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"--input-size {size}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(hint, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.File("model")));
    }

    [Fact]
    public async Task TrainAcne_EpochsWithoutFineTune_Exits()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync("train", "acne", "--data", cli.File("acne"), "--epochs", "3");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--epochs 3", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--fine-tune", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAcne_FeatureCacheWithFineTune_Exits()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));

        var result = await cli.RunAsync(
            "train", "acne", "--data", cli.File("acne"), "--fine-tune", "--feature-cache", cli.File("cache.bin"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--feature-cache", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("without --fine-tune", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAcne_ConditionModelOut_KeepsWeights()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));
        Directory.CreateDirectory(cli.File("condition"));
        await File.WriteAllBytesAsync(cli.File("condition/weights.bin"), [1, 2, 3]);
        await File.WriteAllTextAsync(cli.File("condition/model.json"), "{}");

        var result = await cli.RunAsync("train", "acne", "--data", cli.File("acne"), "--fine-tune", "--input-size", "64",
            "--epochs", "1", "--out", cli.File("condition"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(cli.File("condition"), result.Stderr, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(cli.File("condition/weights.bin")));
        Assert.False(File.Exists(cli.File("condition/acne-grader.json")));
    }

    [Fact]
    public async Task TrainAcne_LabelsWithoutSourceImage_ExitsNamingTheColumn()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("acne"));
        await File.WriteAllTextAsync(cli.File("acne/labels.csv"), "image_file,severity_level\nimages/a.jpg,0\n");

        var result = await cli.RunAsync("train", "acne", "--data", cli.File("acne"), "--out", cli.File("model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("source_image", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.File("model")));
    }

    [Fact]
    public async Task LesionSegmentation_UnknownSplit_ExitsListingSplits()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("ham"));
        await File.WriteAllTextAsync(
            cli.File("ham/metadata.csv"), "image_file,mask_file,dermamnist_split\nimages/a.jpg,masks/a.png,train\n");

        var result = await cli.RunAsync("evaluate", "lesion-segmentation", "--data", cli.File("ham"), "--split", "val");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("train", result.Stderr, StringComparison.Ordinal);
    }

    [SharedDataFact(DermaMnist + "/metadata.csv")]
    public async Task LesionSegmentation_RealFolder_PrintsMetricsJson()
    {
        using var cli = new CliHarness();
        string subset = cli.File("ham");
        Directory.CreateDirectory(subset);
        string source = SharedData.PathOf(DermaMnist);
        string[] lines = await File.ReadAllLinesAsync(Path.Combine(source, "metadata.csv"));
        int imageColumn = Array.IndexOf(lines[0].Split(','), "image_file");
        int maskColumn = Array.IndexOf(lines[0].Split(','), "mask_file");
        var rows = lines.Skip(1).Take(5).Select(l => l.Split(',')).ToList();
        foreach (string[] row in rows)
        {
            row[imageColumn] = Path.Combine(source, row[imageColumn]);
            row[maskColumn] = Path.Combine(source, row[maskColumn]);
        }

        await File.WriteAllLinesAsync(
            Path.Combine(subset, "metadata.csv"), [lines[0], .. rows.Select(r => string.Join(',', r))]);

        var result = await cli.RunAsync("evaluate", "lesion-segmentation", "--data", subset, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(5, json.RootElement.GetProperty("n").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("meanJaccard").GetDouble(), 0, 1);
        Assert.InRange(json.RootElement.GetProperty("meanDice").GetDouble(), 0, 1);
    }

    /// <summary>Copies the description of the shipped fine-tuned acne grader into a new folder, and returns the folder.</summary>
    private static string CopyShippedGraderInfo(CliHarness cli)
    {
        string root = RepositoryRoot.Find() ?? throw new InvalidOperationException("The repository root was not found.");
        string grader = cli.File("grader");
        Directory.CreateDirectory(grader);
        File.Copy(Path.Combine(root, "models", "acne-grader", "acne-grader.json"), Path.Combine(grader, "acne-grader.json"));
        return grader;
    }
}
