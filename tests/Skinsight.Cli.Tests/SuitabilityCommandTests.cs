using System.Text.Json;
using Skinsight.Cli.Infrastructure;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

public class SuitabilityCommandTests
{
    private const string Rows = "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n"
        + "Moisturizer,TEST,Cream A,30,4,\"Water, Glycerin, Squalane, Phenoxyethanol\",1,1,1,1,1\n"
        + "Cleanser,TEST,Wash B,20,4,\"Water, Sodium Laureth Sulfate, Fragrance\",1,0,1,1,0\n"
        + "Treatment,TEST,Serum C,50,4,\"Water, Niacinamide, Glycerin\",0,0,0,0,0\n";

    [Fact]
    public async Task EvaluateSuitability_WithoutJson_PrintsSummary()
    {
        using var cli = new CliHarness();
        string data = WriteData(cli);

        var result = await cli.RunAsync("evaluate", "suitability", "--data", data, "--model", ShippedModel());

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("2 labelled products scored; 1 unlabelled and 0 unreadable rows left out.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("macro-F1: model ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("near-duplicate rule: similarity at least 0.50", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  sensitive: ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("{", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateSuitability_Json_HasReportKeys()
    {
        using var cli = new CliHarness();
        string data = WriteData(cli);

        var result = await cli.RunAsync("evaluate", "suitability", "--data", data, "--model", ShippedModel(), "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(0.5, json.RootElement.GetProperty("nearDuplicateMinSimilarity").GetDouble());
        Assert.True(json.RootElement.TryGetProperty("baselineNeighbourMacroF1", out _));
    }

    private static string ShippedModel() =>
        Path.Combine(RepositoryRoot.Find()!, "models", "suitability", "suitability.zip");

    private static string WriteData(CliHarness cli)
    {
        string data = cli.File("catalog");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "cosmetics.csv"), Rows);
        return data;
    }
}
