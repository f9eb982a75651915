using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Skinsight.Core.History;
using Skinsight.Testing;

namespace Skinsight.Web.Tests;

public class PersonalDataApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Export_AfterPlan_ContainsPlanAndProfile()
    {
        string profile = """{"age": 41, "skinType": "dry", "concerns": ["dryness"], "allergies": []}""";
        var created = await app.Person.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string planId = createdBody.RootElement.GetProperty("planId").GetString()!;

        var response = await app.Person.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var entry = archive.GetEntry("skinsight-data.json");
        Assert.NotNull(entry);
        using var data = await JsonDocument.ParseAsync(entry.Open());
        var plan = Assert.Single(data.RootElement.GetProperty("plans").EnumerateArray(), p => p.GetProperty("id").GetString() == planId);
        Assert.Equal(41, plan.GetProperty("profile").GetProperty("age").GetInt32());
        Assert.True(plan.GetProperty("plan").GetProperty("am").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Export_EveryRecordKind_IsIncluded()
    {
        var (client, handle) = await app.SignUpAsync("analysis", "keep-photos", "research");
        string profile = """{"age": 35, "skinType": "oily", "concerns": ["acne"], "allergies": []}""";
        var created = await client.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string planId = createdBody.RootElement.GetProperty("planId").GetString()!;
        var checkIn = await client.PostAsJsonAsync("/api/checkins", new
        {
            ratings = new Dictionary<string, double> { ["dryness"] = 4 },
            readings = new[] { new { kind = "hydration", value = 33.5, unit = "AU" } },
            steps = new[] { new { planId, routine = "am", step = 0, used = 1.0 } },
        });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        using (var account = JsonDocument.Parse(await client.GetStringAsync("/api/account")))
        {
            // The store call skips the catalog lookup that POST /api/history makes, so no catalog import is needed.
            await app.Services.Store.RecordExperienceAsync(account.RootElement.GetProperty("personId").GetGuid(),
                "export-test-serum", ExperienceKind.Owned, "half full");
        }

        var demographics = await client.PutAsJsonAsync("/api/research/demographics", new { birthYear = 1990, sex = "female", skinType = "oily", region = "DE-BY" });
        Assert.True(demographics.IsSuccessStatusCode, await demographics.Content.ReadAsStringAsync());
        Assert.True((await client.DeleteAsync("/api/consents/keep-photos")).IsSuccessStatusCode);
        var token = await client.PostAsJsonAsync("/api/account/tokens", new { name = "export-sync" });
        using var tokenBody = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        string secret = tokenBody.RootElement.GetProperty("secret").GetString()!;

        var response = await client.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var archive = new ZipArchive(await response.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(archive.GetEntry("skinsight-data.json")!.Open());
        string text = await reader.ReadToEndAsync();
        using var data = JsonDocument.Parse(text);
        var root = data.RootElement;

        Assert.Equal(handle, root.GetProperty("account").GetProperty("handle").GetString());

        var storedCheckIn = Assert.Single(root.GetProperty("checkIns").EnumerateArray());
        Assert.True(storedCheckIn.TryGetProperty("takenAt", out _));
        var values = storedCheckIn.GetProperty("values").EnumerateArray().ToList();
        Assert.Contains(values, v => v.GetProperty("kind").GetString() == "dryness" && v.GetProperty("value").GetDouble() == 4);
        Assert.Contains(values, v => v.GetProperty("kind").GetString() == "hydration" && v.GetProperty("value").GetDouble() == 33.5);
        var step = Assert.Single(storedCheckIn.GetProperty("steps").EnumerateArray());
        Assert.Equal(planId, step.GetProperty("planId").GetString());
        Assert.Equal("am", step.GetProperty("routine").GetString());

        var experience = Assert.Single(root.GetProperty("productHistory").EnumerateArray());
        Assert.Equal("export-test-serum", experience.GetProperty("productKey").GetString());
        Assert.Equal("half full", experience.GetProperty("note").GetString());

        var consents = root.GetProperty("consents").EnumerateArray().ToList();
        Assert.Equal(3, consents.Count);
        Assert.All(consents, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("textVersion").GetString())));
        var withdrawn = Assert.Single(consents, c => c.GetProperty("withdrawnAt").ValueKind != JsonValueKind.Null);
        Assert.Equal("KeepPhotos", withdrawn.GetProperty("purpose").GetString());

        var research = root.GetProperty("researchDemographics");
        Assert.Equal(1990, research.GetProperty("birthYear").GetInt32());
        Assert.Equal("DE-BY", research.GetProperty("region").GetString());

        var exportedToken = Assert.Single(root.GetProperty("apiTokens").EnumerateArray());
        Assert.Equal("export-sync", exportedToken.GetProperty("name").GetString());
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_WithoutConfirm_Returns400AndKeepsData()
    {
        var response = await app.Person.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("confirm=yes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/me", "the confirm parameter is missing")]
    [InlineData("/api/me?confirm=no", "confirm is 'no'")]
    public async Task Erase_NotConfirmed_NamesWhatWasSent(string url, string given)
    {
        var response = await app.Person.DeleteAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(given, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_AuditEntries_KeepPseudonymNotId()
    {
        var (client, _) = await app.SignUpAsync("analysis");
        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/account"));
        var personId = account.RootElement.GetProperty("personId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/consents")).StatusCode);
        string pseudonym = app.Services.Store.Keys.LogPseudonym(personId);

        var erased = await client.DeleteAsync("/api/me?confirm=yes");
        await using var context = app.Services.Store.CreateContext();
        var entries = await context.AuditLog.AsNoTracking().ToListAsync();
        var theirs = entries.Where(e => e.ActorPseudonym == pseudonym || e.SubjectPseudonym == pseudonym).ToList();

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.DoesNotContain(entries, e => e.ActorPersonId == personId || e.SubjectPersonId == personId);
        Assert.Contains(theirs, e => e.Operation == "GET /api/consents");
        var erasure = Assert.Single(theirs, e => e.Operation == "DELETE /api/me");
        Assert.Equal(204, erasure.Status);
        Assert.Equal(pseudonym, erasure.ActorPseudonym);
        Assert.Equal(pseudonym, erasure.SubjectPseudonym);
    }

    [SharedDataFact("images/acne04-roboflow/images")]
    public async Task Analyses_RealJpegWithGps_StoresPhotoWithoutExifAndErasureRemovesIt()
    {
        await using var fixture = new IsolatedApp();
        await fixture.StartAsync();
        string photo = Directory.EnumerateFiles(SharedData.PathOf("images/acne04-roboflow/images"), "*.jpg").Order().First();
        byte[] withGps = ExifJpeg.WithGps(await File.ReadAllBytesAsync(photo), 52.3731, 4.8922);
        Assert.True(ExifJpeg.ContainsExif(withGps));

        var analysis = await fixture.Person.PostAsync("/api/analyses", PhotoForm(withGps));
        Assert.Equal(HttpStatusCode.OK, analysis.StatusCode);
        using var archive = new ZipArchive(await (await fixture.Person.GetAsync("/api/me/export")).Content.ReadAsStreamAsync());
        var photoEntry = Assert.Single(archive.Entries, e => e.FullName.StartsWith("photos/", StringComparison.Ordinal));
        using var stored = new MemoryStream();
        await photoEntry.Open().CopyToAsync(stored);

        Assert.True(stored.Length > 1000);
        Assert.False(ExifJpeg.ContainsExif(stored.ToArray()));

        string personId = await PersonIdAsync(fixture);
        string keyFile = Path.Combine(fixture.KeyFolder, "data-keys", personId + ".key");
        Assert.True(File.Exists(keyFile));
        var erased = await fixture.Person.DeleteAsync("/api/me?confirm=yes");
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.False(File.Exists(keyFile));
        // Erasure removes the account with the person, so the old session no longer signs anybody in.
        var after = await fixture.Person.GetAsync("/api/me/export");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(0, await fixture.Services.Store.CountPhotosAsync(Guid.ParseExact(personId, "N")));
    }

    /// <summary>Returns the acting person's id as the export names it, in the form of data key file names.</summary>
    private static async Task<string> PersonIdAsync(WebAppFixture fixture)
    {
        using var archive = new ZipArchive(await (await fixture.Person.GetAsync("/api/me/export")).Content.ReadAsStreamAsync());
        using var data = await JsonDocument.ParseAsync(archive.GetEntry("skinsight-data.json")!.Open());
        return Guid.Parse(data.RootElement.GetProperty("person").GetProperty("id").GetString()!).ToString("N");
    }

    private static MultipartFormDataContent PhotoForm(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { content, "photo", "photo.jpg" } };
    }

    /// <summary>A fixture of its own, so that erasure does not disturb the other tests of the class.</summary>
    private sealed class IsolatedApp : WebAppFixture, IAsyncDisposable
    {
        public Task StartAsync() => InitializeAsync();

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
