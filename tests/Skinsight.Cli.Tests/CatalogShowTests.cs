using System.Text.Json;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class CatalogShowTests
{
    [Fact]
    public async Task Show_JsonCatalog_PrintsFactsAndSources()
    {
        using var cli = new CliHarness();
        string data = ReferenceDataFiles.WriteAll(cli.File("data"));
        string catalog = cli.File("shop.json");
        await File.WriteAllTextAsync(catalog,
            """[{"sku": "S1", "title": "Peel Serum", "inci": ["Aqua", "Salicylic Acid", "Isopropyl Myristate"]}]""");

        var import = await cli.RunAsync("catalog", "import", catalog, "--map", "id=sku", "--map", "name=title",
            "--map", "ingredients=inci");
        var show = await cli.RunAsync("catalog", "show", "generic:S1", "--data", data);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("Peel Serum", show.Stdout);
        Assert.Contains("Annex III/98 restricted, max (a) 3.0% (b) 2.0% [cosing-annexes]", show.Stdout);
        Assert.Contains("CosDNA acne 5, irritant 3 [cosdna]", show.Stdout);
        Assert.Contains("cosing-inventory: EU CosIng ingredient inventory", show.Stdout);
    }

    [Fact]
    public async Task Show_MissingSources_SaysSoInJson()
    {
        using var cli = new CliHarness();
        string catalog = cli.File("shop.json");
        await File.WriteAllTextAsync(catalog, """[{"name": "Plain", "ingredients": "Water, Glycerin"}]""");
        await cli.RunAsync("catalog", "import", catalog);
        string id = "generic:" + JsonDocument.Parse((await cli.RunAsync("catalog", "search", "Plain", "--json")).Stdout)
            .RootElement.GetProperty("items")[0].GetProperty("id").GetString()!.Split(':')[1];

        var show = await cli.RunAsync("catalog", "show", id, "--data", cli.File("absent"), "--json");

        Assert.Equal(0, show.ExitCode);
        using var page = JsonDocument.Parse(show.Stdout);
        JsonElement facts = page.RootElement.GetProperty("facts");
        Assert.Equal("notChecked", facts.GetProperty("ingredients")[0].GetProperty("resolution").GetProperty("method").GetString());
        JsonElement inventory = facts.GetProperty("sources")[0];
        Assert.False(inventory.GetProperty("available").GetBoolean());
        Assert.EndsWith("cosing.csv was not found", inventory.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Search_LongIdAndPoundPrice_ShowsNameAndPriceAt80Columns()
    {
        using var cli = new CliHarness();
        string catalog = cli.File("shop.json");
        string longId = string.Concat(Enumerable.Repeat("barrier-repair-night-cream-", 3));
        await File.WriteAllTextAsync(catalog,
            $$"""[{"id": "{{longId}}", "name": "Barrier Repair Night Cream", "brand": "Northfield", "price": "£9.99", "ingredients": "Water, Glycerin"}]""");
        await cli.RunAsync("catalog", "import", catalog);

        // The test console is 80 columns wide, as a terminal or a pipe usually is.
        var search = await cli.RunAsync("catalog", "search", "Barrier");

        Assert.Equal(0, search.ExitCode);
        Assert.Contains("Barrier Repair Night Cream", search.Stdout);
        Assert.Contains("9.99 GBP", search.Stdout);
        Assert.Contains("Northfield", search.Stdout);
    }

    [Fact]
    public async Task Import_BrokenJson_StoresNothing()
    {
        using var cli = new CliHarness();
        string catalog = cli.File("broken.json");
        await File.WriteAllTextAsync(catalog, """[{"name": "Kept?", "ingredients": "Water"}, {"name": """);

        var import = await cli.RunAsync("catalog", "import", catalog);
        var search = await cli.RunAsync("catalog", "search", "Kept", "--json");

        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains("is not a valid JSON array of objects", Assert.Single(import.ErrorLines));
        Assert.Equal(0, JsonDocument.Parse(search.Stdout).RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Show_UnknownId_OneLineError()
    {
        using var cli = new CliHarness();
        await cli.CreateDatabaseAsync();

        var show = await cli.RunAsync("catalog", "show", "nowhere:P0");

        Assert.NotEqual(0, show.ExitCode);
        string line = Assert.Single(show.ErrorLines);
        Assert.Contains("no product with id 'nowhere:P0'", line);
    }

    /// <summary>
    /// Hand-checked against the annex files: butylphenyl methylpropional is Annex II entry 1666 (prohibited) and
    /// BHT is Annex III entry 325 (restricted, 0.8% in other leave-on and rinse-off products).
    /// </summary>
    [SharedDataFact("sephora-cosmetics-1472/cosmetics.csv", "eu-cosing-inventory/cosing.csv", "eu-cosing-annexes")]
    public async Task Show_RealProduct_FlagsAnnexEntries()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("catalog", "import", SharedData.PathOf("sephora-cosmetics-1472/cosmetics.csv"));

        var show = await cli.RunAsync("catalog", "show", "sephora-cosmetics-1472:peter-thomas-roth--acne-clearing-wash",
            "--data", SharedData.Root!, "--json");

        Assert.Equal(0, show.ExitCode);
        using var page = JsonDocument.Parse(show.Stdout);
        var ingredients = page.RootElement.GetProperty("facts").GetProperty("ingredients").EnumerateArray().ToList();
        JsonElement lilial = ingredients.Single(i => i.GetProperty("raw").GetString() == "Butylphenyl Methylpropional");
        JsonElement lilialAnnex = Assert.Single(lilial.GetProperty("annexes").EnumerateArray());
        Assert.True(lilialAnnex.GetProperty("prohibited").GetBoolean());
        Assert.Equal("1666", lilialAnnex.GetProperty("reference").GetString());
        JsonElement bht = ingredients.Single(i => i.GetProperty("raw").GetString() == "BHT");
        JsonElement bhtAnnex = Assert.Single(bht.GetProperty("annexes").EnumerateArray());
        Assert.Equal("325", bhtAnnex.GetProperty("reference").GetString());
        Assert.Contains("0,8 %", bhtAnnex.GetProperty("maxConcentration").GetString());
    }
}
