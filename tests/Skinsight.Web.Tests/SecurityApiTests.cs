using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Skinsight.Web.Tests;

public class SecurityApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task SignIn_WrongPassword_Returns401LikeUnknownHandle()
    {
        var (_, handle) = await app.SignUpAsync();
        using var client = app.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/account/signin", new { handle, password = "not the password" });
        var unknown = await client.PostAsJsonAsync("/api/account/signin", new { handle = "nobody-here", password = "x" });
        var right = await client.PostAsJsonAsync("/api/account/signin", new { handle, password = WebAppFixture.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await ProblemDetailAsync(wrong), await ProblemDetailAsync(unknown));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/account")).StatusCode);
    }

    [Fact]
    public async Task SignUp_TakenHandleOrShortPassword_Rejected()
    {
        var (_, handle) = await app.SignUpAsync();
        using var client = app.CreateClient();

        var taken = await client.PostAsJsonAsync("/api/account/signup", new { handle, password = WebAppFixture.Password });
        var shortPassword = await client.PostAsJsonAsync("/api/account/signup", new { handle = "new-person", password = "short" });

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        Assert.Contains("10", await ProblemDetailAsync(shortPassword), StringComparison.Ordinal);
        Assert.Null(await app.Services.Store.CreateContext().People.SingleOrDefaultAsync(p => p.Handle == "new-person"));
    }

    [Fact]
    public async Task SignOut_CopiedCookie_StopsWorking()
    {
        var (_, handle) = await app.SignUpAsync();
        using var browser = app.CreateClient();
        var signIn = await browser.PostAsJsonAsync("/api/account/signin", new { handle, password = WebAppFixture.Password });
        string cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var copy = app.CreateClient();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);

        var before = await copy.GetAsync("/api/account");
        var signOut = await browser.PostAsync("/api/account/signout", null);
        var after = await copy.GetAsync("/api/account");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ApiToken_Revoked_StopsWorking()
    {
        var (client, handle) = await app.SignUpAsync();
        var created = await client.PostAsJsonAsync("/api/account/tokens", new { name = "sync" });
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string secret = body.RootElement.GetProperty("secret").GetString()!;
        string id = body.RootElement.GetProperty("id").GetString()!;
        using var bearer = app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var before = await bearer.GetStringAsync("/api/account");
        var revoke = await client.DeleteAsync($"/api/account/tokens/{id}");
        var after = await bearer.GetAsync("/api/account");

        Assert.Contains(handle, before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var context = app.Services.Store.CreateContext();
        var stored = await context.ApiTokens.SingleAsync(t => t.Id == Guid.Parse(id));
        Assert.NotEqual(secret, stored.SecretSha256);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(app.DatabasePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiToken_Unknown_SaysTokenNotSignIn()
    {
        using var bearer = app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sks_not-a-token");

        var response = await bearer.GetAsync("/api/account");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string detail = await ProblemDetailAsync(response);
        Assert.StartsWith("The API token is unknown or revoked", detail, StringComparison.Ordinal);
        Assert.Contains("POST /api/account/tokens", detail, StringComparison.Ordinal);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plans_WithoutAnalysisConsent_Returns403NamingConsent()
    {
        var (client, _) = await app.SignUpAsync();
        string profile = """{"age": 29, "skinType": "oily"}""";

        var response = await client.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string detail = await ProblemDetailAsync(response);
        Assert.Contains("'analysis'", detail, StringComparison.Ordinal);
        Assert.Contains("PUT /api/consents/analysis", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_UnknownField_Returns400NamingIt()
    {
        var (client, _) = await app.SignUpAsync();

        var response = await client.PutAsync(
            "/api/consents/analysis", new StringContent("""{"version": "1"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The field 'version' is not known here", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckIns_RatingsWithoutAnalysisConsent_Returns403()
    {
        var (client, _) = await app.SignUpAsync();
        string checkIn = """{"ratings": {"dryness": 4}}""";

        var response = await client.PostAsync("/api/checkins", new StringContent(checkIn, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string detail = await ProblemDetailAsync(response);
        Assert.Contains("'analysis'", detail, StringComparison.Ordinal);
        Assert.Contains("PUT /api/consents/analysis", detail, StringComparison.Ordinal);
        Assert.Empty(await app.Services.Store.ListCheckInsAsync(await PersonIdAsync(client)));
    }

    [Fact]
    public async Task Consents_WithdrawKeepPhotos_DeletesStoredPhotos()
    {
        var (client, _) = await app.SignUpAsync("analysis", "keep-photos");
        var personId = await PersonIdAsync(client);
        await app.Services.Store.AddAnalysisAsync(personId, SampleAnalysis(), new byte[] { 0xFF, 0xD8, 9 });

        int before = await app.Services.Store.CountPhotosAsync(personId);
        var response = await client.DeleteAsync("/api/consents/keep-photos");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(1, before);
        Assert.Equal(1, body.RootElement.GetProperty("photosDeleted").GetInt32());
        Assert.Equal(0, await app.Services.Store.CountPhotosAsync(personId));
    }

    [Fact]
    public async Task AuditLog_RecordsReadsAndChangesWithPurpose()
    {
        var (client, _) = await app.SignUpAsync("analysis");
        var personId = await PersonIdAsync(client);
        var analysisId = await app.Services.Store.AddAnalysisAsync(personId, SampleAnalysis(), null);
        await client.GetAsync($"/api/analyses/{analysisId}");
        await client.PutAsJsonAsync("/api/research/demographics", new { birthYear = 1980, sex = "male", skinType = "dry", region = "DE" });

        var response = await app.Operator.GetAsync($"/api/audit?personId={personId}");
        using var entries = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var list = entries.RootElement.EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = Assert.Single(list, e => e.GetProperty("operation").GetString() == "GET /api/analyses/{id:guid}");
        Assert.Equal("read", read.GetProperty("action").GetString());
        Assert.Equal(analysisId.ToString(), read.GetProperty("resourceId").GetString());
        Assert.Equal(personId.ToString(), read.GetProperty("actorPersonId").GetString());
        Assert.Equal("show an analysis to its owner", read.GetProperty("purpose").GetString());
        var change = Assert.Single(list, e => e.GetProperty("operation").GetString() == "PUT /api/research/demographics");
        Assert.Equal("change", change.GetProperty("action").GetString());
        Assert.Equal(200, change.GetProperty("status").GetInt32());
        Assert.Contains(list, e => e.GetProperty("operation").GetString() == "PUT /api/consents/{purpose}");
    }

    [Fact]
    public async Task AuditLog_PersonWithoutOperatorRole_Gets403()
    {
        var response = await app.Person.GetAsync("/api/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ResearchExport_Operator_OmitsHandlesAndNonConsenting()
    {
        var handles = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            var (client, handle) = await app.SignUpAsync("research");
            await client.PutAsJsonAsync("/api/research/demographics", new { birthYear = 1991, sex = "female", skinType = "dry", region = "DE-BY" });
            handles.Add(handle);
        }

        var (outsider, outsiderHandle) = await app.SignUpAsync();
        var outsiderId = await PersonIdAsync(outsider);

        var response = await app.Operator.GetAsync("/api/research/export?k=5");
        string text = await response.Content.ReadAsStringAsync();
        using var export = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(export.RootElement.GetProperty("smallestClass").GetInt32() >= 5);
        Assert.True(export.RootElement.GetProperty("rows").GetArrayLength() >= 6);
        Assert.All(handles, h => Assert.DoesNotContain(h, text, StringComparison.Ordinal));
        Assert.DoesNotContain(outsiderHandle, text, StringComparison.Ordinal);
        Assert.DoesNotContain(outsiderId.ToString(), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EfficacyReport_OperatorOnly_RejectsSmallGroups()
    {
        var asOperator = await app.Operator.GetAsync("/api/research/efficacy");
        var asPerson = await app.Person.GetAsync("/api/research/efficacy");
        var tooSmall = await app.Operator.GetAsync("/api/research/efficacy?minPeople=2");

        Assert.Equal(HttpStatusCode.OK, asOperator.StatusCode);
        using var report = JsonDocument.Parse(await asOperator.Content.ReadAsStringAsync());
        Assert.True(report.RootElement.GetProperty("people").GetInt32() >= 0);
        Assert.Equal(HttpStatusCode.Forbidden, asPerson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.StatusCode);
        Assert.Contains("minPeople 2", await ProblemDetailAsync(tooSmall), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_PersonWithoutOperatorRole_Gets403()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "c.csv" } };

        var response = await app.Person.PostAsync("/api/catalog/imports", form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<Guid> PersonIdAsync(HttpClient client)
    {
        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/account"));
        return account.RootElement.GetProperty("personId").GetGuid();
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }

    private static Core.Analysis.SkinAnalysis SampleAnalysis() => new()
    {
        Mode = Core.Analysis.AnalysisMode.Face,
        Quality = new Core.Analysis.QualityReport(true, 80, []),
        Image = new Core.Analysis.ImageInfo("jpeg", 640, 480, 1),
    };
}
