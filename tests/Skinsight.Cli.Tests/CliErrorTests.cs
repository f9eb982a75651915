using System.Text;
using Skinsight.Cli.Infrastructure;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class CliErrorTests
{
    [Fact]
    public async Task Analyze_MissingFile_ExitsWithOneLine()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("analyze", cli.File("nope.jpg"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("nope.jpg", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.json", "ends in .json")]
    [InlineData("folder", "is a folder")]
    public async Task TrainSuitability_BadOut_ExitsBeforeTraining(string outName, string expected)
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("data"));
        Directory.CreateDirectory(cli.File("folder"));
        await System.IO.File.WriteAllTextAsync(cli.File("data/cosmetics.csv"), "Label,Brand,Name,Price,Rank,Ingredients,"
            + "Combination,Dry,Normal,Oily,Sensitive\nCleanser,B,N,10,4,\"Water, Glycerin, Squalane\",1,1,1,1,0\n");

        var result = await cli.RunAsync("train", "suitability", "--data", cli.File("data"), "--out", cli.File(outName));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(cli.File("model.json")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(cli.File("folder")));
    }

    [Fact]
    public async Task Analyze_OutIsFile_ExitsWithOneLine()
    {
        using var cli = new CliHarness();
        string photo = cli.File("photo.jpg");
        string existing = cli.File("overlays.txt");
        await System.IO.File.WriteAllBytesAsync(photo, [0xFF, 0xD8, 0xFF]);
        await System.IO.File.WriteAllTextAsync(existing, "keep me");

        var result = await cli.RunAsync("analyze", photo, "--out", existing);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("is a file", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", await System.IO.File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task TrainAge_MissingDataFolder_ExitsWithOneLine()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("train", "age", "--data", cli.File("no-such-folder"), "--out", cli.File("age"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("no-such-folder", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--data", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAge_FolderWithoutLabels_ExitsWithOneLine()
    {
        using var cli = new CliHarness();
        string folder = cli.File("faces");
        Directory.CreateDirectory(folder);

        var result = await cli.RunAsync("evaluate", "age", "--data", folder, "--model", cli.File("age"), "--json");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("labels.csv", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--width", "1000")]
    [InlineData("--learning-rate", "0")]
    public async Task TrainAge_OptionOutOfRange_OneLine(string option, string value)
    {
        using var cli = new CliHarness();
        string folder = cli.File("faces");
        Directory.CreateDirectory(folder);

        var result = await cli.RunAsync("train", "age", "--data", folder, option, value, "--out", cli.File("age"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"{option} {value}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAge_BadInputSize_NamesSize()
    {
        using var cli = new CliHarness();
        string folder = cli.File("faces");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "labels.csv"), "image_file,age,gender,race\n");

        var result = await cli.RunAsync(
            "train", "age", "--data", folder, "--architecture", "resnet18", "--input-size", "80", "--out", cli.File("age"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("input size 80", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("256")]
    public async Task TrainCondition_BadInputSize_OneLine(string size)
    {
        using var cli = new CliHarness();
        string folder = cli.File("ham");
        Directory.CreateDirectory(folder);

        var result = await cli.RunAsync(
            "train", "condition", "--data", folder, "--fine-tune", "--input-size", size, "--out", cli.File("model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"--input-size {size}", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", "--fine-tune")]
    [InlineData("-0.1", "--fine-tune")]
    [InlineData("0.3", "--no-fine-tune")]
    public async Task TrainCondition_BadClassWeightPower_OneLine(string power, string mode)
    {
        using var cli = new CliHarness();
        string folder = cli.File("ham");
        Directory.CreateDirectory(folder);
        string[] fineTune = mode == "--fine-tune" ? ["--fine-tune"] : [];

        var result = await cli.RunAsync(
            ["train", "condition", "--data", folder, .. fineTune, "--class-weight-power", power, "--out", cli.File("model")]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--class-weight-power", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.File("model")));
    }

    [Theory]
    [InlineData("condition", "two-scales", "")]
    [InlineData("condition", "single", "")]
    [InlineData("acne", "flips", "")]
    [InlineData("acne", "two-scales", "--detector")]
    public async Task TrainClassifier_ViewsWithoutFineTune_OneLine(string task, string views, string mode)
    {
        using var cli = new CliHarness();
        string folder = cli.File("data");
        Directory.CreateDirectory(folder);
        string[] detector = mode == "" ? [] : [mode];

        var result = await cli.RunAsync(
            ["train", task, "--data", folder, .. detector, "--views", views, "--out", cli.File("model")]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"--views {views}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--fine-tune", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.File("model")));
    }

    [Fact]
    public async Task TrainCondition_FlipAverage_PointsToViews()
    {
        using var cli = new CliHarness();
        string folder = cli.File("ham");
        Directory.CreateDirectory(folder);

        var result = await cli.RunAsync("train", "condition", "--data", folder, "--fine-tune", "--flip-average");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--views flips", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainCondition_UnknownViews_ListsTheChoices()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("train", "condition", "--data", cli.File("ham"), "--fine-tune", "--views", "rotations");

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("two-scales", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--effect", "0,5")]
    [InlineData("--alpha", "1,000")]
    [InlineData("--power", "NaN")]
    [InlineData("--sd", "abc")]
    public async Task SampleSize_CommaOrWordForNumber_OneLine(string option, string value)
    {
        using var cli = new CliHarness();
        string[] effect = option == "--effect" ? [] : ["--effect", "0.5"];

        var result = await cli.RunAsync(["experiment", "sample-size", .. effect, option, value]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"{option} {value} is not a number", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("export", "--out", "a file path")]
    [InlineData("analyze", "--out", "a folder path")]
    public async Task EmptyPath_NamesPathKind(string command, string option, string expected)
    {
        using var cli = new CliHarness();
        string[] photo = command == "analyze" ? ["photo.jpg"] : [];

        var result = await cli.RunAsync([command, .. photo, option, ""]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{option} '' is invalid; pass {expected}.", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleSize_ExponentNotation_IsANumber()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("experiment", "sample-size", "--effect", "5e-1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("63 people per arm", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAge_ZeroEpochs_ExitsWithOneLine()
    {
        using var cli = new CliHarness();
        string folder = cli.File("faces");
        Directory.CreateDirectory(folder);

        var result = await cli.RunAsync("train", "age", "--data", folder, "--epochs", "0", "--out", cli.File("age"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--epochs 0", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryAdd_UnknownProduct_ExitsWithOneLine()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("history", "add", "sephora-2023:P0", "owned");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("sephora-2023:P0", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--skin-type", "purple", "oily")]
    [InlineData("--concern", "bogus", "dark-spots")]
    public async Task CatalogSearch_UnknownSkinTypeOrConcern_ExitsWithOneLineListingValidValues(
        string option, string value, string valid)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("catalog", "search", option, value);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"'{value}'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(valid, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OutInMissingFolder_ExitsWithOneLineNamingTheFolder()
    {
        using var cli = new CliHarness();
        string folder = cli.File("no-such-folder");

        var result = await cli.RunAsync("export", "--out", Path.Combine(folder, "x.zip"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"The folder {folder} does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogSearch_UnknownCategory_ExitsWithOneLineListingCategories()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("catalog", "search", "--category", "Foo");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("'Foo'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cleanser", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Skinsight.Core", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsWithOneLineNamingIt()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("bogus");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("'bogus'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryAdd_UnknownKind_ExitsWithOneLine()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("history", "add", "sephora-2023:P0", "loved");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("owned, liked, disliked, reacted", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("truncated-jpeg")]
    [InlineData("tiny-png")]
    [InlineData("huge-png-header")]
    public async Task Analyze_BadImage_ExitsWithOneLineAndStoresNothing(string kind)
    {
        using var cli = new CliHarness();
        string path = cli.File("bad.img");
        await System.IO.File.WriteAllBytesAsync(path, BadImage(kind));

        var result = await cli.RunAsync("analyze", path, "--json");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task UnknownOption_ExitsWithUsageCode()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("analyze", "photo.jpg", "--frobnicate");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public async Task Plan_ProfileWithUnknownField_ExitsNamingTheField()
    {
        using var cli = new CliHarness();
        string profile = cli.File("profile.json");
        await System.IO.File.WriteAllTextAsync(profile, """{"age": 30, "favouriteColour": "blue"}""");

        var result = await cli.RunAsync("plan", "--profile", profile);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("favouriteColour", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_BrokenRow_ReportsSkipAndKeepsGoodRows()
    {
        using var cli = new CliHarness();
        string csv = cli.File("cosmetics.csv");
        await System.IO.File.WriteAllTextAsync(csv,
            "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n"
            + "Cleanser,GOOD,Gentle Wash,12,4.1,\"Water, Glycerin, Coco-Glucoside\",1,1,1,1,1\n"
            + "Cleanser,BROKEN,Only Three Columns\n"
            + "Moisturizer,GOOD,Daily Cream,25,4.3,\"Water, Glycerin, Squalane\",1,1,1,0,0\n");

        var first = await cli.RunAsync("catalog", "import", csv, "--json");
        var second = await cli.RunAsync("catalog", "import", csv, "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("\"imported\": 2", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"rowNumber\": 2", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"imported\": 0", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"unchanged\": 2", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ProfileOnlyWithoutCatalog_PrintsIngredientLevelJson()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");

        var result = await cli.RunAsync("plan", "--profile", profile, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("\"fromCatalog\": false", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"step\": \"sunscreen\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EveryCommand_Succeeds()
    {
        using var cli = new CliHarness();

        foreach (string[] command in new[]
        {
            new[] { "--help" }, ["analyze", "--help"], ["catalog", "import", "--help"], ["catalog", "search", "--help"],
            ["plan", "--help"], ["serve", "--help"], ["demo", "--help"],
        })
        {
            var result = await cli.RunAsync(command);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)} exited {result.ExitCode}: {result.Stderr}");
        }
    }

    private static byte[] BadImage(string kind) => kind switch
    {
        "text" => Encoding.UTF8.GetBytes("hello, I am not a photo"),
        "truncated-jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01],
        "tiny-png" => TestImages.PngHeaderOnly(1, 1),
        "huge-png-header" => TestImages.PngHeaderOnly(20000, 20000),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
