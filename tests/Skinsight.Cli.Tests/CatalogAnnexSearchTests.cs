using System.Text.Json;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class CatalogAnnexSearchTests
{
    [Theory]
    [InlineData("--exclude-prohibited", "Plain Cream,Scented Cream")]
    [InlineData("--exclude-fragrance-allergens", "Bleach Cream,Plain Cream")]
    public async Task Search_AnnexOption_LeavesOutFlaggedProducts(string option, string expectedNames)
    {
        using var cli = new CliHarness();
        string data = ReferenceDataFiles.WriteAll(cli.File("data"));
        string catalog = cli.File("shop.json");
        await File.WriteAllTextAsync(catalog, """
            [{"name": "Plain Cream", "ingredients": "Water, Glycerin"},
             {"name": "Bleach Cream", "ingredients": "Water, Hydroquinone"},
             {"name": "Scented Cream", "ingredients": "Water, Linalool"}]
            """);
        await cli.RunAsync("catalog", "import", catalog);

        var search = await cli.RunAsync("catalog", "search", "Cream", option, "--data", data, "--json");

        Assert.Equal(0, search.ExitCode);
        string[] names = [.. JsonDocument.Parse(search.Stdout).RootElement.GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()!)];
        Assert.Equal(expectedNames.Split(','), names.Order());
    }

    [Fact]
    public async Task Search_AnnexOptionWithoutData_OneLineError()
    {
        using var cli = new CliHarness();
        string catalog = cli.File("shop.json");
        await File.WriteAllTextAsync(catalog, """[{"name": "Plain Cream", "ingredients": "Water, Glycerin"}]""");
        await cli.RunAsync("catalog", "import", catalog);

        string absent = cli.File("absent");
        var search = await cli.RunAsync("catalog", "search", "--exclude-prohibited", "--data", absent);

        Assert.NotEqual(0, search.ExitCode);
        string line = Assert.Single(search.ErrorLines);
        Assert.Contains("eu-cosing-annexes", line);
        Assert.Contains($"--data {absent}", line);
    }
}
