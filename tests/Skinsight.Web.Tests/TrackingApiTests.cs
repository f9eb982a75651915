using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Skinsight.Web.Tests;

public class TrackingApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task CheckIns_PostThenProgress_ReturnsTrendAndCharts()
    {
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        double[] dryness = [8, 7, 7, 6, 5, 4, 4, 3];
        for (int week = 0; week < dryness.Length; week++)
        {
            var body = new
            {
                time = start.AddDays(7 * week),
                ratings = new Dictionary<string, double> { ["dryness"] = dryness[week] },
                readings = new[] { new { kind = "hydration", value = 30 + week, unit = "AU" } },
            };
            var created = await app.Person.PostAsJsonAsync("/api/checkins", body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var list = JsonDocument.Parse(await app.Person.GetStringAsync("/api/checkins?limit=3"));
        using var progress = JsonDocument.Parse(await app.Person.GetStringAsync("/api/progress"));
        var measures = progress.RootElement.GetProperty("measures").EnumerateArray().ToList();
        var drynessTrend = measures.Single(m => m.GetProperty("kind").GetString() == "dryness").GetProperty("trend");

        Assert.Equal(3, list.RootElement.GetArrayLength());
        Assert.Equal(8, progress.RootElement.GetProperty("checkIns").GetInt32());
        Assert.Equal("improving", drynessTrend.GetProperty("verdict").GetString());
        Assert.Equal(1, drynessTrend.GetProperty("noiseFloor").GetDouble());

        var png = await app.Person.GetByteArrayAsync("/api/progress/charts/dryness");
        var svg = await app.Person.GetStringAsync("/api/progress/charts/hydration?format=svg");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"ratings\":{\"dryness\":12}}", "dryness rating 12 is outside 0 to 10")]
    [InlineData("{\"readings\":[{\"kind\":\"sebum\",\"value\":90,\"unit\":\"mg\"}]}", "Unit 'mg'")]
    [InlineData("{\"ratings\":{\"dryness\":3},\"mood\":1}", "mood")]
    [InlineData("{}", "empty")]
    [InlineData("{\"readings\":[null]}", "null reading")]
    [InlineData("{\"readings\":[{}]}", "A reading has no kind")]
    [InlineData("{\"steps\":[null]}", "null step")]
    [InlineData("{\"ratings\":{\"oiliness\":2,\"oiliness\":8}}", "'ratings.oiliness' more than once")]
    public async Task CheckIns_PostInvalid_Returns400NamingTheValue(string json, string expected)
    {
        var response = await app.Person.PostAsync("/api/checkins", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckIns_SameTimeTwice_Returns409()
    {
        const string First = "{\"time\":\"2025-03-03T08:00:00Z\",\"ratings\":{\"satisfaction\":4}}";
        const string Second = "{\"time\":\"2025-03-03T08:00:00Z\",\"ratings\":{\"satisfaction\":9}}";
        var (person, _) = await app.SignUpAsync("analysis");
        var created = await person.PostAsync("/api/checkins", new StringContent(First, Encoding.UTF8, "application/json"));

        var repeated = await person.PostAsync("/api/checkins", new StringContent(Second, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, repeated.StatusCode);
        using var problem = JsonDocument.Parse(await repeated.Content.ReadAsStringAsync());
        Assert.Contains("already has satisfaction measured at 2025-03-03T08:00:00", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var progress = JsonDocument.Parse(await person.GetStringAsync("/api/progress"));
        var satisfaction = progress.RootElement.GetProperty("measures").EnumerateArray()
            .Single(m => m.GetProperty("kind").GetString() == "satisfaction");
        Assert.Equal(4, satisfaction.GetProperty("points").EnumerateArray().Single().GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Chart_UnknownMeasure_Returns404()
    {
        var response = await app.Person.GetAsync("/api/progress/charts/freckles");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("freckles", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeforeAfter_NoPhotoCheckIns_Returns400()
    {
        var response = await app.Person.GetAsync("/api/progress/before-after");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("two check-ins with a photo", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Get_DescribesTrackingPaths()
    {
        using var document = JsonDocument.Parse(await app.Person.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        foreach (string path in new[] { "/api/checkins", "/api/progress", "/api/progress/charts/{measure}", "/api/progress/before-after" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }
}
