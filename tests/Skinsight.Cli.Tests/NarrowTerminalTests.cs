using System.Text.Json;
using System.Text.RegularExpressions;

namespace Skinsight.Cli.Tests;

/// <summary>
/// Text output in an 80-column terminal, the width Spectre assumes when stdout is not a terminal: tables fit, and
/// ids, numbers and headers are neither split across lines nor cut.
/// </summary>
[Collection("cli")]
public partial class NarrowTerminalTests
{
    private const int Width = 80;

    [Fact]
    public async Task CatalogSearch_LongNames_KeepsIdsWhole()
    {
        using var cli = new CliHarness();
        string catalog = cli.File("shop.json");
        await File.WriteAllTextAsync(catalog, """
            [{"sku": "LONG-SKU-000123", "title": "Ultra Calming Overnight Barrier Repair Serum With Ceramides",
              "maker": "Very Long Laboratory Brand Name", "type": "Serum", "cost": 123.45, "inci": "Water, Glycerin"}]
            """);
        await cli.RunAsync("catalog", "import", catalog, "--map", "id=sku", "--map", "name=title",
            "--map", "brand=maker", "--map", "category=type", "--map", "price=cost", "--map", "ingredients=inci");

        var search = await cli.RunAsync("catalog", "search", "Calming");

        Assert.Equal(0, search.ExitCode);
        AssertFits(search.Stdout);
        Assert.Contains("generic:LONG-SKU-000123", search.Stdout, StringComparison.Ordinal);
        Assert.Contains("123.45", search.Stdout, StringComparison.Ordinal);
        foreach (string word in "Ultra Calming Overnight Barrier Repair Serum With Ceramides Very Long Laboratory".Split(' '))
        {
            Assert.Contains(word, search.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProgressAndCheckIns_FitWithoutCutting()
    {
        using var cli = new CliHarness();
        for (int day = 0; day < 6; day++)
        {
            string at = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc).AddDays(day).ToString("O");
            var add = await cli.RunAsync("checkin", "add", "--rating", $"satisfaction={3 + day}",
                "--rating", $"irritation={6 - day}", "--reading", $"ambient-humidity={40 + day}:%", "--at", at);
            Assert.True(add.ExitCode == 0, add.Stderr);
        }

        var progress = await cli.RunAsync("progress");
        var list = await cli.RunAsync("checkin", "list", "--limit", "1");
        var listJson = await cli.RunAsync("checkin", "list", "--limit", "1", "--json");

        Assert.Equal(0, progress.ExitCode);
        AssertFits(progress.Stdout);
        Assert.DoesNotContain('…', progress.Stdout);
        Assert.Contains("satisfaction", progress.Stdout, StringComparison.Ordinal);
        Assert.Contains("ambient-humidity", progress.Stdout, StringComparison.Ordinal);
        Assert.Contains("Noise: the threshold", progress.Stdout, StringComparison.Ordinal);
        AssertFits(list.Stdout);
        using var listed = JsonDocument.Parse(listJson.Stdout);
        string id = listed.RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgressLongSensorNames_KeepNamesWhole()
    {
        using var cli = new CliHarness();
        for (int day = 0; day < 12; day++)
        {
            string at = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc).AddDays(day).ToString("O");
            var add = await cli.RunAsync("checkin", "add", "--reading", $"skin-temperature={31 + 0.5 * day}:C",
                "--reading", $"ambient-temperature={-20 + 7 * day}:C", "--reading", $"hydration={110 - 9 * day}:AU", "--at", at);
            Assert.True(add.ExitCode == 0, add.Stderr);
        }

        var progress = await cli.RunAsync("progress");

        Assert.Equal(0, progress.ExitCode);
        AssertFits(progress.Stdout);
        // The names also appear in the effects note below the table, so the check looks for whole table cells.
        Assert.Matches(@"│ skin-temperature +│", progress.Stdout);
        Assert.Matches(@"│ ambient-temperature +│", progress.Stdout);
    }

    [Fact]
    public async Task ExperimentList_KeepsDateWhole()
    {
        using var cli = new CliHarness();
        var create = await cli.RunAsync("experiment", "create", "--name", "minimal-routine-against-full-routine",
            "--hypothesis", "A minimal routine lowers irritation.", "--variant", "control:1", "--variant", "minimal-routine:1",
            "--measure", "ambient-temperature", "--better", "lower", "--per-arm", "120");
        Assert.True(create.ExitCode == 0, create.Stderr);

        var list = await cli.RunAsync("experiment", "list");

        Assert.Equal(0, list.ExitCode);
        AssertFits(list.Stdout);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", list.Stdout);
    }

    private static void AssertFits(string text)
    {
        // Spectre adds colour codes when the environment reports colour support; they take no columns.
        string[] lines = AnsiEscape().Replace(text, "").Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= Width, $"line wider than {Width}: {line}"));
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();
}
