using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Application.Composition;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>A web app whose reference data folder holds the small hand-written files of <see cref="ReferenceDataFiles"/>.</summary>
public sealed class ProductPageFixture : IAsyncLifetime
{
    public const string ProductId = "generic:P1";

    private readonly TempFolder _folder = new();
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string data = ReferenceDataFiles.WriteAll(Path.Combine(_folder.Path, "data"));
        var options = new WebHostOptions(_folder.File("skinsight.db"), "http://127.0.0.1:0", _folder.File("overlays"))
        {
            ReferenceDataFolder = data,
        };
        _app = await SkinsightWebApp.CreateAsync(options, configure: b => b.WebHost.UseTestServer());
        await _app.StartAsync();
        Client = _app.GetTestClient();

        string csv = _folder.File("catalog.csv");
        await File.WriteAllTextAsync(csv,
            "id,name,brand,ingredients\nP1,Night Serum,Acme,\"Aqua, Retinol, Salicylic Acid, Linalool, Hadasei-3\"\n");
        var services = _app.Services.GetRequiredService<SkinsightServices>();
        await services.CatalogImport.ImportAsync(csv, "generic");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _folder.Dispose();
    }
}

public class ProductPageApiTests(ProductPageFixture app) : IClassFixture<ProductPageFixture>
{
    [Theory]
    [InlineData("retinoid", 1)]
    [InlineData("bha,retinoid", 1)]
    [InlineData("niacinamide", 0)]
    [InlineData("retinoid,niacinamide", 0)]
    [InlineData("hadasei", 1)]
    public async Task SearchProducts_Contains_KeepsProductsWithEveryWord(string contains, int expectedTotal)
    {
        using var body = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/products?contains={contains}"));

        Assert.Equal(expectedTotal, body.RootElement.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("&excludeFragranceAllergens=true", 0)]
    [InlineData("&excludeProhibited=true", 1)]
    public async Task SearchProducts_AnnexFilters_ApplyFixtureAnnexes(string filters, int expectedTotal)
    {
        // The fixture's serum lists linalool, a labelled fragrance allergen in the fixture's Annex III, and no
        // Annex II substance.
        using JsonDocument page = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/products?q=serum{filters}"));

        Assert.Equal(expectedTotal, page.RootElement.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("excludeProhibited=maybe", "'excludeProhibited'", "true or false")]
    [InlineData("maxPrice=abc", "'maxPrice'", "a number")]
    public async Task SearchProducts_UnparsableQueryValue_NamesFormToUse(string query, string name, string expected)
    {
        using HttpResponseMessage response = await app.Client.GetAsync($"/api/products?{query}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(name, detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProduct_Fixture_ListsIngredientsInOrder()
    {
        using JsonDocument page = await GetAsync();

        JsonElement ingredients = page.RootElement.GetProperty("facts").GetProperty("ingredients");
        Assert.Equal(5, ingredients.GetArrayLength());
        Assert.Equal(["Aqua", "Retinol", "Salicylic Acid", "Linalool", "Hadasei-3"],
            ingredients.EnumerateArray().Select(i => i.GetProperty("raw").GetString()));
        Assert.Equal("WATER", ingredients[0].GetProperty("resolution").GetProperty("inciName").GetString());
        Assert.Equal("exact", ingredients[1].GetProperty("resolution").GetProperty("method").GetString());
        Assert.Equal("unresolved", ingredients[4].GetProperty("resolution").GetProperty("method").GetString());
    }

    [Fact]
    public async Task GetProduct_Fixture_CarriesFlagsWithSources()
    {
        using JsonDocument page = await GetAsync();

        JsonElement ingredients = page.RootElement.GetProperty("facts").GetProperty("ingredients");
        JsonElement annex = ingredients[2].GetProperty("annexes")[0];
        Assert.Equal("98", annex.GetProperty("reference").GetString());
        Assert.Equal("(a) 3.0% (b) 2.0%", annex.GetProperty("maxConcentration").GetString());
        Assert.Equal("cosing-annexes", annex.GetProperty("source").GetString());
        Assert.True(ingredients[3].GetProperty("annexes")[0].GetProperty("labelledFragranceAllergen").GetBoolean());
        JsonElement active = ingredients[1].GetProperty("actives")[0];
        Assert.Equal("retinoid", active.GetProperty("class").GetString());
        Assert.Equal("skinsight-knowledge", active.GetProperty("source").GetString());
        Assert.Contains(page.RootElement.GetProperty("facts").GetProperty("conflicts").EnumerateArray(),
            c => c.GetProperty("id").GetString() == "retinoid-exfoliating-acid");
    }

    [Fact]
    public async Task GetProduct_Fixture_ListsEverySource()
    {
        using JsonDocument page = await GetAsync();

        JsonElement[] sources = [.. page.RootElement.GetProperty("facts").GetProperty("sources").EnumerateArray()];
        Assert.Equal(5, sources.Length);
        Assert.All(sources, s => Assert.True(s.GetProperty("available").GetBoolean()));
    }

    [Fact]
    public async Task OpenApi_GetProduct_DescribesFacts()
    {
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));

        JsonElement schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("ProductDetails", out _));
        Assert.True(schemas.TryGetProperty("IngredientFacts", out JsonElement facts));
        Assert.True(facts.GetProperty("properties").TryGetProperty("annexes", out _));
    }

    private async Task<JsonDocument> GetAsync()
    {
        var response = await app.Client.GetAsync($"/api/products/{ProductPageFixture.ProductId}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body);
    }
}
