using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Skinsight.Web.Tests;

/// <summary>The operator's experiment endpoints, on a store of their own, because a running experiment changes plans.</summary>
public class ExperimentApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private static readonly object s_body = new
    {
        name = "slow-start",
        hypothesis = "A minimal routine lowers redness.",
        variants = new object[] { new { name = "control", weight = 1 }, new { name = "short", weight = 1, routineLength = "minimal" } },
        measure = "redness",
        plannedPerArm = 50,
    };

    [Fact]
    public async Task CreatePlanReport_Operator_CountsPersonsExposure()
    {
        var create = await app.Operator.PostAsJsonAsync("/api/experiments", s_body);
        var duplicate = await app.Operator.PostAsJsonAsync("/api/experiments", s_body);
        string profile = """{"age": 29, "skinType": "oily", "concerns": ["acne"], "routineLength": "full"}""";
        var consent = await app.Person.PutAsJsonAsync("/api/consents/experiments",
            new { textVersion = Skinsight.Application.Privacy.ConsentTexts.Parse("experiments").Version });
        var plan = await app.Person.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));
        var list = await app.Operator.GetAsync("/api/experiments");
        var report = await app.Operator.GetAsync("/api/experiments/slow-start/report");
        var asPerson = await app.Person.GetAsync("/api/experiments/slow-start/report");
        var missing = await app.Operator.GetAsync("/api/experiments/nope/report");
        var invalid = await app.Operator.PostAsJsonAsync("/api/experiments", new { name = "Bad Name" });

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.True(consent.IsSuccessStatusCode, await consent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal("slow-start", listed.RootElement[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using var reported = JsonDocument.Parse(await report.Content.ReadAsStringAsync());
        int exposed = reported.RootElement.GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("exposed").GetInt32());
        Assert.Equal(1, exposed);
        Assert.Equal(HttpStatusCode.Forbidden, asPerson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_MisspeltField_Is400NamingIt()
    {
        var body = new
        {
            name = "typo",
            hypothesis = "h",
            variants = new object[] { new { name = "control", weight = 1 }, new { name = "short", weight = 1 } },
            measure = "redness",
            plannedPerArms = 50,
        };

        var response = await app.Operator.PostAsJsonAsync("/api/experiments", body);
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("plannedPerArms", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_ExperimentBody_RequiresNoOptionalField()
    {
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var body = schemas.GetProperty("ExperimentBody");

        Assert.False(body.TryGetProperty("required", out var required) && required.GetArrayLength() > 0,
            $"ExperimentBody lists required fields: {(body.TryGetProperty("required", out var r) ? r.ToString() : "")}");
    }
}
