using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Skinsight.Web.Endpoints;

namespace Skinsight.Web.Tests;

public class ResearchApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string Path = "/api/research/demographics";

    [Theory]
    [InlineData("42")]
    [InlineData("Oily, Dry")]
    [InlineData("oily,dry")]
    [InlineData("sensitive")]
    public async Task PutDemographics_SkinTypeNotAName_Returns400ListingNames(string skinType)
    {
        var (client, _) = await app.SignUpAsync("research");

        var response = await client.PutAsJsonAsync(Path, Body(skinType: skinType));

        string detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{skinType}'", detail, StringComparison.Ordinal);
        Assert.Contains("normal, dry, oily, combination", detail, StringComparison.Ordinal);
        Assert.Null((await GetAsync(client)).GetProperty("skinType").GetString());
    }

    [Fact]
    public async Task PutDemographics_SkinTypeUpperCase_StoresLowerCaseName()
    {
        var (client, _) = await app.SignUpAsync("research");

        var response = await client.PutAsJsonAsync(Path, Body(skinType: " OILY "));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("oily", (await GetAsync(client)).GetProperty("skinType").GetString());
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("XX-BY")]
    [InlineData("Atlantis")]
    [InlineData("EU")]
    [InlineData("IV")]
    [InlineData("DE-BY-1")]
    public async Task PutDemographics_UnknownRegion_Returns400(string region)
    {
        var (client, _) = await app.SignUpAsync("research");

        var response = await client.PutAsJsonAsync(Path, Body(region: region));

        string detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{region}'", detail, StringComparison.Ordinal);
        Assert.Contains("ISO 3166-1", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutDemographics_LowerCaseRegion_ReturnsStoredValues()
    {
        var (client, _) = await app.SignUpAsync("research");

        var response = await client.PutAsJsonAsync(Path, new { birthYear = 1990, sex = " Female ", skinType = "Dry", region = "de-by" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var put = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var get = await GetAsync(client);
        foreach (string field in new[] { "sex", "skinType", "region" })
        {
            Assert.Equal(get.GetProperty(field).GetString(), put.RootElement.GetProperty(field).GetString());
        }

        Assert.Equal("DE-BY", put.RootElement.GetProperty("region").GetString());
        Assert.Equal("female", put.RootElement.GetProperty("sex").GetString());
        Assert.Equal("dry", put.RootElement.GetProperty("skinType").GetString());
    }

    [Fact]
    public async Task PutDemographics_FieldsMissing_Returns400AndKeepsRecord()
    {
        var (client, _) = await app.SignUpAsync("research");
        var stored = await client.PutAsJsonAsync(Path, Body(skinType: "oily", region: "DE-BY"));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        var response = await client.PutAsJsonAsync(Path, new { birthYear = 1991 });

        string detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'sex', 'skinType', 'region'", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("'birthYear'", detail, StringComparison.Ordinal);
        var current = await GetAsync(client);
        Assert.Equal(1990, current.GetProperty("birthYear").GetInt32());
        Assert.Equal("oily", current.GetProperty("skinType").GetString());
        Assert.Equal("DE-BY", current.GetProperty("region").GetString());
    }

    [Fact]
    public async Task PutDemographics_ExplicitNulls_ClearsRecord()
    {
        var (client, _) = await app.SignUpAsync("research");
        await client.PutAsJsonAsync(Path, Body(skinType: "oily", region: "DE"));

        var response = await client.PutAsJsonAsync(Path, Body(birthYear: null, sex: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cleared = await GetAsync(client);
        foreach (string field in new[] { "birthYear", "sex", "skinType", "region" })
        {
            Assert.Equal(JsonValueKind.Null, cleared.GetProperty(field).ValueKind);
        }
    }

    [Theory]
    [InlineData("DE", true)]
    [InlineData("DE-BY", true)]
    [InlineData("US-CA", true)]
    [InlineData("GB-ENG", true)]
    [InlineData("AQ", true)]
    [InlineData("EH", true)]
    [InlineData("XK", true)]
    [InlineData("XX", false)]
    [InlineData("ZZ", false)]
    [InlineData("EU", false)]
    [InlineData("IV", false)]
    [InlineData("D1", false)]
    [InlineData("DEU", false)]
    [InlineData("DE-", false)]
    [InlineData("DE-ABCD", false)]
    [InlineData("DE-B_", false)]
    public void RegionCodes_IsValidWithoutList_ChecksCountryAndSubdivisionShape(string code, bool expected)
    {
        Assert.Equal(expected, RegionCodes.IsValid(code, subdivisions: null));
    }

    [Theory]
    [InlineData("DE", true)]
    [InlineData("DE-BY", true)]
    [InlineData("DE-XX", false)]
    [InlineData("FR-BY", false)]
    [InlineData("XX-BY", false)]
    public void RegionCodes_IsValidWithList_NeedsListedSubdivision(string code, bool expected)
    {
        string file = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"3166-2": [{"code": "DE-BY", "name": "Bayern", "type": "State"}]}""");

            IReadOnlySet<string>? subdivisions = RegionCodes.LoadSubdivisions(file);

            Assert.Equal(expected, RegionCodes.IsValid(code, subdivisions));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("""{"3166-1": []}""")]
    [InlineData("""{"3166-2": []}""")]
    [InlineData("not json")]
    public void RegionCodes_LoadSubdivisionsOtherLayout_ReturnsNull(string content)
    {
        string file = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, content);

            Assert.Null(RegionCodes.LoadSubdivisions(file));
            Assert.Null(RegionCodes.LoadSubdivisions(file + ".missing"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [IsoCodesFact]
    public async Task PutDemographics_UnlistedSubdivision_Returns400()
    {
        var (client, _) = await app.SignUpAsync("research");

        var response = await client.PutAsJsonAsync(Path, Body(region: "DE-XX"));

        string detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'DE-XX'", detail, StringComparison.Ordinal);
        Assert.Contains("ISO 3166-2", detail, StringComparison.Ordinal);
    }

    private static object Body(int? birthYear = 1990, string? sex = "female", string? skinType = null, string? region = null) =>
        new { birthYear, sex, skinType, region };

    private static async Task<JsonElement> GetAsync(HttpClient client)
    {
        var response = await client.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}

/// <summary>A fact that runs only where the Debian package iso-codes provides the list of subdivisions.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IsoCodesFactAttribute : FactAttribute
{
    public IsoCodesFactAttribute()
    {
        if (!File.Exists(RegionCodes.SubdivisionListPath))
        {
            Skip = $"{RegionCodes.SubdivisionListPath} is missing; install the Debian package iso-codes (scripts/ensure-deps).";
        }
    }
}
