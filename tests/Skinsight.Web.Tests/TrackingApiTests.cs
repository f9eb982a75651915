using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

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
    public async Task CheckIns_DeleteOwn_RemovesItAndAudits()
    {
        const string Body = "{\"time\":\"2025-04-07T08:00:00Z\",\"ratings\":{\"dryness\":4}}";
        var (person, _) = await app.SignUpAsync("analysis");
        var created = await person.PostAsync("/api/checkins", new StringContent(Body, Encoding.UTF8, "application/json"));
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string id = createdBody.RootElement.GetProperty("checkInId").GetString()!;

        var deleted = await person.DeleteAsync($"/api/checkins/{id}");
        var again = await person.DeleteAsync($"/api/checkins/{id}");
        var repeated = await person.PostAsync("/api/checkins", new StringContent(Body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, repeated.StatusCode);
        using var list = JsonDocument.Parse(await person.GetStringAsync("/api/checkins"));
        Assert.Equal(1, list.RootElement.GetArrayLength());
        Assert.NotEqual(id, list.RootElement[0].GetProperty("id").GetString());
        using var account = JsonDocument.Parse(await person.GetStringAsync("/api/account"));
        string personId = account.RootElement.GetProperty("personId").GetString()!;
        using var audit = JsonDocument.Parse(await app.Operator.GetStringAsync($"/api/audit?personId={personId}"));
        var entry = audit.RootElement.EnumerateArray()
            .First(e => e.GetProperty("operation").GetString() == "DELETE /api/checkins/{id:guid}");
        Assert.Equal("change", entry.GetProperty("action").GetString());
        Assert.Equal(id, entry.GetProperty("resourceId").GetString());
    }

    [Fact]
    public async Task CheckIns_DeleteOthers_Returns404LikeMissing()
    {
        const string Body = "{\"time\":\"2025-04-07T08:00:00Z\",\"ratings\":{\"dryness\":4}}";
        var (owner, _) = await app.SignUpAsync("analysis");
        var (intruder, _) = await app.SignUpAsync("analysis");
        var created = await owner.PostAsync("/api/checkins", new StringContent(Body, Encoding.UTF8, "application/json"));
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string id = createdBody.RootElement.GetProperty("checkInId").GetString()!;
        string missing = Guid.NewGuid().ToString();

        var others = await intruder.DeleteAsync($"/api/checkins/{id}");
        var unknown = await intruder.DeleteAsync($"/api/checkins/{missing}");

        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var othersProblem = JsonDocument.Parse(await others.Content.ReadAsStringAsync());
        using var unknownProblem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        foreach (string field in new[] { "title", "status", "detail" })
        {
            string othersValue = othersProblem.RootElement.GetProperty(field).ToString().Replace(id, "ID", StringComparison.Ordinal);
            string unknownValue = unknownProblem.RootElement.GetProperty(field).ToString().Replace(missing, "ID", StringComparison.Ordinal);
            Assert.Equal(unknownValue, othersValue);
        }

        using var list = JsonDocument.Parse(await owner.GetStringAsync("/api/checkins"));
        Assert.Equal(id, list.RootElement.EnumerateArray().Single().GetProperty("id").GetString());
    }

    [Fact]
    public async Task Progress_FaceAndCloseup_OneSeriesEach()
    {
        var (person, _) = await app.SignUpAsync("analysis");
        using var account = JsonDocument.Parse(await person.GetStringAsync("/api/account"));
        var personId = account.RootElement.GetProperty("personId").GetGuid();
        var start = new DateTime(2026, 2, 2, 8, 0, 0, DateTimeKind.Utc);
        for (int week = 0; week < 6; week++)
        {
            var at = start.AddDays(7 * week);
            await app.Services.Store.AddCheckInAsync(personId, PhotoCheckIn(at, AnalysisMode.Face, 50 - week), null, null);
            await app.Services.Store.AddCheckInAsync(personId, PhotoCheckIn(at, AnalysisMode.Closeup, 20), null, null);
        }

        using var progress = JsonDocument.Parse(await person.GetStringAsync("/api/progress"));
        var measures = progress.RootElement.GetProperty("measures").EnumerateArray().ToList();
        var both = await person.GetAsync("/api/progress/charts/redness");
        var closeup = await person.GetStringAsync("/api/progress/charts/redness?mode=closeup&format=svg");
        var badMode = await person.GetAsync("/api/progress/charts/redness?mode=selfie");

        Assert.Equal(["face", "closeup"], measures.Select(m => m.GetProperty("mode").GetString()));
        Assert.Equal(["redness (face)", "redness (close-up)"], measures.Select(m => m.GetProperty("label").GetString()));
        Assert.All(measures, m => Assert.Equal(6, m.GetProperty("points").GetArrayLength()));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("mode=", await both.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("redness (close-up)", closeup, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        Assert.Contains("selfie", await badMode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chart_ModeCaseAndMisspelling_Checked()
    {
        var (person, _) = await app.SignUpAsync("analysis");
        using var account = JsonDocument.Parse(await person.GetStringAsync("/api/account"));
        var personId = account.RootElement.GetProperty("personId").GetGuid();
        var at = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);
        await app.Services.Store.AddCheckInAsync(personId, PhotoCheckIn(at, AnalysisMode.Face, 40), null, null);

        var upper = await person.GetAsync("/api/progress/charts/redness?mode=CLOSEUP&format=svg");
        var misspelt = await person.GetAsync("/api/progress/charts/redness?modes=closeup&format=svg");

        // The person has only a face series, so mode=closeup in any case is not found.
        Assert.Equal(HttpStatusCode.NotFound, upper.StatusCode);
        // A misspelt name must not fall back to the face chart as if the closeup series had been drawn.
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        string detail = await misspelt.Content.ReadAsStringAsync();
        Assert.Contains("'modes'", detail, StringComparison.Ordinal);
        Assert.Contains("format, mode", detail, StringComparison.Ordinal);
    }

    private static CheckInRecord PhotoCheckIn(DateTime at, AnalysisMode mode, double redness) => new()
    {
        TakenAt = at,
        Values =
        [
            new CheckInValueRecord
            {
                Source = CheckInValueSource.Photo, Mode = mode, Kind = "redness", Value = redness, Unit = "score", MeasuredAt = at,
            },
        ],
    };

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

        string[] tracking = ["/api/checkins", "/api/checkins/{id}", "/api/progress", "/api/progress/charts/{measure}", "/api/progress/before-after"];
        foreach (string path in tracking)
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }
}
