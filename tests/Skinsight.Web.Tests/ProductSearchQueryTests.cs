using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Skinsight.Testing;

namespace Skinsight.Web.Tests;

/// <summary>Which query parameter names and values <c>GET /api/products</c> accepts.</summary>
public partial class ProductSearchQueryTests(ProductPageFixture app) : IClassFixture<ProductPageFixture>
{
    private static readonly string[] s_accepted =
    [
        "q", "category", "minPrice", "maxPrice", "skinType", "concern", "freeOf", "contains", "excludeProhibited",
        "excludeFragranceAllergens", "skip", "take",
    ];

    // A valid value for each name the page's search form can send.
    private static readonly Dictionary<string, string> s_formValues = new()
    {
        ["q"] = "serum", ["category"] = "serum", ["skinType"] = "oily", ["concern"] = "acne", ["minPrice"] = "1",
        ["maxPrice"] = "100", ["contains"] = "retinoid", ["freeOf"] = "fragrance", ["excludeProhibited"] = "true",
        ["excludeFragranceAllergens"] = "true", ["take"] = "20",
    };

    [Fact]
    public async Task SearchProducts_UnknownParameter_Returns400ListingAccepted()
    {
        using HttpResponseMessage response = await app.Client.GetAsync("/api/products?q=serum&limit=5");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("'limit'", detail, StringComparison.Ordinal);
        Assert.Contains("take", detail, StringComparison.Ordinal);
        Assert.Equal(["limit"], Strings(problem.RootElement.GetProperty("unknownParameters")));
        Assert.Equal(s_accepted, Strings(problem.RootElement.GetProperty("acceptedParameters")));
    }

    [Fact]
    public async Task SearchProducts_SeveralUnknownParameters_NamesEach()
    {
        using HttpResponseMessage response = await app.Client.GetAsync("/api/products?page=2&min_price=5&take=3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["page", "min_price"], Strings(problem.RootElement.GetProperty("unknownParameters")));
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.StartsWith("The query parameters 'page', 'min_price' are not known here", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchProducts_NamesInOtherCase_Accepted()
    {
        using JsonDocument page = JsonDocument.Parse(await app.Client.GetStringAsync("/api/products?Q=serum&TAKE=1"));

        Assert.Equal(1, page.RootElement.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("minPrice=abc", "'minPrice'", "'abc'")]
    [InlineData("take=ten", "'take'", "'ten'")]
    [InlineData("skip=1.5", "'skip'", "'1.5'")]
    [InlineData("take=5&take=6", "'take'", "'5,6'")]
    public async Task SearchProducts_MalformedValue_NamesValue(string query, string name, string value)
    {
        using HttpResponseMessage response = await app.Client.GetAsync($"/api/products?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(name, detail, StringComparison.Ordinal);
        Assert.Contains(value, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q=serum&q=cream", "'q'")]
    [InlineData("Q=serum&q=cream", "'q'")]
    [InlineData("freeOf=fragrance&freeOf=parabens", "'freeOf'")]
    public async Task SearchProducts_RepeatedParameter_Returns400(string query, string name)
    {
        using HttpResponseMessage response = await app.Client.GetAsync($"/api/products?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        // Query names compare ignoring case, so either spelling may be quoted back.
        Assert.Contains(name, detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("2 times", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchProducts_EveryFieldOfPageForm_Accepted()
    {
        string html = await File.ReadAllTextAsync(Path.Combine(
            RepositoryRoot.Find()!, "src", "Skinsight.Web", "Page", "index.html"));
        Match form = CatalogForm().Match(html);
        Assert.True(form.Success, "index.html has no <form id=\"catalog-form\">.");
        var names = FieldName().Matches(form.Value).Select(m => m.Groups["name"].Value).Distinct().ToList();
        // app.js adds take to every search.
        names.Add("take");

        Assert.All(names, name => Assert.True(s_formValues.ContainsKey(name), $"Add a valid value for the new field '{name}'."));
        string query = string.Join("&", names.Select(n => $"{n}={Uri.EscapeDataString(s_formValues[n])}"));
        using HttpResponseMessage response = await app.Client.GetAsync($"/api/products?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [GeneratedRegex("<form id=\"catalog-form\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex CatalogForm();

    [GeneratedRegex("\\bname=\"(?<name>[^\"]+)\"")]
    private static partial Regex FieldName();
}
