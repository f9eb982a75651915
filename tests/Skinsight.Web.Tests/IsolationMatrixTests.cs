using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>
/// Calls every endpoint the app maps, found through its <see cref="EndpointDataSource"/> so that new endpoints
/// are covered without editing this test: anonymously, and as person B with person A's ids.
/// </summary>
public class IsolationMatrixTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    /// <summary>Every endpoint that responds without sign-in. A new anonymous endpoint must be added here on purpose.</summary>
    private static readonly HashSet<string> s_public =
    [
        "GET /", "GET /app.js", "GET /app.css", "GET /favicon.svg", "GET /health", "GET /health/ready",
        "GET /openapi/{documentName}.json",
        "HEAD /", "HEAD /app.js", "HEAD /app.css", "HEAD /favicon.svg", "HEAD /health", "HEAD /health/ready",
        "GET /api/products", "GET /api/products/{id}", "GET /api/catalog/formats", "GET /api/questionnaire",
        "POST /api/account/signup", "POST /api/account/signin", "GET /api/antiforgery",
    ];

    /// <summary>Signed-in endpoints that touch no personal data, and so write no audit entry.</summary>
    private static readonly HashSet<string> s_notAudited = [
        "POST /api/account/signout", "POST /api/catalog/imports", "GET /api/models",
    ];

    [Fact]
    public void Endpoints_AnonymousOnes_AreExactlyThePublicList()
    {
        var anonymous = Endpoints()
            .Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.Key)
            .ToHashSet();

        Assert.Equal(s_public.Order(), anonymous.Order());
    }

    [Fact]
    public void Endpoints_SignedInOnes_AreAudited()
    {
        var missing = Endpoints()
            .Where(e => !s_public.Contains(e.Key) && !s_notAudited.Contains(e.Key))
            .Where(e => e.Endpoint.Metadata.GetMetadata<AuditMetadata>() is null)
            .Select(e => e.Key)
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Endpoints_WithoutCredentials_Return401()
    {
        var owner = await CreateOwnerAsync();
        var successes = new List<string>();
        var wrongStatus = new List<string>();

        foreach (var call in Calls(owner).Where(c => !s_public.Contains(c.Key)))
        {
            using var response = await app.Client.SendAsync(call.Request());
            if (response.IsSuccessStatusCode)
            {
                successes.Add($"{call.Url} -> {(int)response.StatusCode}");
            }
            else if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                wrongStatus.Add($"{call.Url} -> {(int)response.StatusCode}");
            }
        }

        Assert.Empty(successes);
        Assert.Empty(wrongStatus);
        Assert.True(Calls(owner).Count(c => !s_public.Contains(c.Key)) >= 15, "too few signed-in endpoints were called");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("text/html", null)]
    [InlineData(null, "sks_not-a-real-token")]
    public async Task Endpoints_NotSignedIn_ReturnSame401Problem(string? accept, string? bearer)
    {
        var owner = await CreateOwnerAsync();
        using var client = app.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var wrong = new List<string>();
        int called = 0;
        foreach (var call in Calls(owner).Where(c => !s_public.Contains(c.Key)))
        {
            using var request = call.Request();
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            using var response = await client.SendAsync(request);
            called++;
            string? problem = await ProblemOfAsync(response, HttpStatusCode.Unauthorized,
                bearer is null ? AuthProblems.SignInDetail : ApiTokenHandler.UnknownTokenDetail);
            if (problem is not null)
            {
                wrong.Add($"{call.Method} {call.Url}: {problem}");
            }
            else if (!response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
            {
                wrong.Add($"{call.Method} {call.Url}: no WWW-Authenticate: Bearer header");
            }
        }

        Assert.Empty(wrong);
        Assert.True(called >= 15, "too few signed-in endpoints were called");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Endpoints_OperatorOnly_ReturnForbiddenProblem(bool useApiToken)
    {
        var owner = await CreateOwnerAsync();
        var (person, _) = await app.SignUpAsync("analysis");
        if (useApiToken)
        {
            string secret = await CreateTokenAsync(person, "not-an-operator");
            person = app.CreateClient();
            person.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        var wrong = new List<string>();
        var operatorCalls = Calls(owner).Where(c => c.OperatorOnly).ToList();
        foreach (var call in operatorCalls)
        {
            using var response = await person.SendAsync(call.Request());
            string? problem = await ProblemOfAsync(response, HttpStatusCode.Forbidden, AuthProblems.ForbiddenDetail);
            if (problem is not null)
            {
                wrong.Add($"{call.Method} {call.Url}: {problem}");
            }
        }

        Assert.NotEmpty(operatorCalls);
        Assert.Empty(wrong);
    }

    /// <summary>Returns what is wrong with a refused response, or null when it is the expected ProblemDetails.</summary>
    private static async Task<string?> ProblemOfAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            return $"status {(int)response.StatusCode}, expected {(int)status}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "none"}, body '{body}'";
        }

        using var problem = JsonDocument.Parse(body);
        JsonElement root = problem.RootElement;
        if (!root.TryGetProperty("status", out var code) || code.GetInt32() != (int)status)
        {
            return $"ProblemDetails status missing or wrong in '{body}'";
        }

        return root.TryGetProperty("detail", out var text) && text.GetString() == detail
            ? null
            : $"detail differs: '{body}'";
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Endpoints_AsAnotherPerson_NeverReachOwnersData(bool useApiToken)
    {
        var owner = await CreateOwnerAsync();
        var (intruder, _) = await app.SignUpAsync("analysis", "keep-photos", "research");
        if (useApiToken)
        {
            string secret = await CreateTokenAsync(intruder, "intruder");
            intruder = app.CreateClient();
            intruder.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        var leaks = new List<string>();
        var reachedOwnersRecord = new List<string>();
        var operatorOnly = new List<string>();
        // Sign-out is called last, so the cookie pass keeps its session for every other call.
        foreach (var call in Calls(owner).OrderBy(c => c.Key == "POST /api/account/signout"))
        {
            using var response = await intruder.SendAsync(call.Request());
            string body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && owner.Secrets.Any(s => body.Contains(s, StringComparison.OrdinalIgnoreCase)))
            {
                leaks.Add($"{call.Url} -> {(int)response.StatusCode}");
            }

            if (call.UsesOwnersId && response.IsSuccessStatusCode)
            {
                reachedOwnersRecord.Add($"{call.Url} -> {(int)response.StatusCode}");
            }

            if (call.OperatorOnly && response.StatusCode != HttpStatusCode.Forbidden)
            {
                operatorOnly.Add($"{call.Url} -> {(int)response.StatusCode}");
            }
        }

        Assert.Empty(leaks);
        Assert.Empty(reachedOwnersRecord);
        Assert.Empty(operatorOnly);
        await AssertOwnerUnchangedAsync(owner);
    }

    private async Task AssertOwnerUnchangedAsync(Owner owner)
    {
        var analysis = await owner.Client.GetAsync($"/api/analyses/{owner.AnalysisId}");
        Assert.Equal(HttpStatusCode.OK, analysis.StatusCode);
        Assert.Equal(1, await app.Services.Store.CountPhotosAsync(owner.PersonId));
        Assert.Equal(3, (await app.Services.Store.ListConsentsAsync(owner.PersonId)).Count);
        Assert.Equal(1990, (await app.Services.Store.FindDemographicsAsync(owner.PersonId))!.BirthYear);
        using var tokenClient = app.CreateClient();
        tokenClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.TokenSecret);
        Assert.Equal(HttpStatusCode.OK, (await tokenClient.GetAsync("/api/account")).StatusCode);
        var overlay = await owner.Client.GetAsync($"/api/overlays/{owner.OverlayToken}/redness.png");
        Assert.Equal(HttpStatusCode.OK, overlay.StatusCode);
        Assert.Equal(owner.CheckInId, Assert.Single(await app.Services.Store.ListCheckInsAsync(owner.PersonId)).Id);
    }

    private static CheckInRecord OwnersCheckIn()
    {
        var at = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        return new CheckInRecord
        {
            TakenAt = at,
            Values = [new CheckInValueRecord { Source = CheckInValueSource.Rating, Kind = "dryness", Value = 4, Unit = "score", MeasuredAt = at }],
        };
    }

    /// <summary>
    /// Person A with one analysis and photo, an overlay, an API token, a job, a check-in, demographics and every
    /// consent.
    /// </summary>
    private async Task<Owner> CreateOwnerAsync()
    {
        var (client, handle) = await app.SignUpAsync("analysis", "keep-photos", "research");
        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/account"));
        var personId = account.RootElement.GetProperty("personId").GetGuid();
        var analysisId = await app.Services.Store.AddAnalysisAsync(personId, SampleAnalysis(), new byte[] { 0xFF, 0xD8, 1, 2 });
        var overlays = app.App.Services.GetRequiredService<OverlayStore>();
        var (overlayToken, scratch) = overlays.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "redness.png"), [0x89, 0x50, 0x4E, 0x47]);
        overlays.Seal(overlayToken, personId);
        string secret = await CreateTokenAsync(client, "owner-integration");
        using var tokens = JsonDocument.Parse(await client.GetStringAsync("/api/account/tokens"));
        var tokenId = tokens.RootElement[0].GetProperty("id").GetGuid();
        var demographics = await client.PutAsJsonAsync("/api/research/demographics", new { birthYear = 1990, sex = "female", skinType = "oily", region = "DE-BY" });
        Assert.Equal(HttpStatusCode.OK, demographics.StatusCode);
        var job = await app.Services.Store.AddJobAsync(personId, JobKinds.Analysis, new byte[] { 0xFF, 0xD8, 3, 4 }, maxAttempts: 3);
        var checkInId = await app.Services.Store.AddCheckInAsync(personId, OwnersCheckIn(), null, null);
        return new Owner(client, handle, personId, analysisId, tokenId, secret, overlayToken, job.Id, checkInId);
    }

    private static async Task<string> CreateTokenAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/account/tokens", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("secret").GetString()!;
    }

    private IEnumerable<(string Key, RouteEndpoint Endpoint, string Method)> Endpoints() =>
        app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => ($"{method} {e.RoutePattern.RawText}", e, method)));

    /// <summary>
    /// One call per endpoint and per value of its route parameters, filled with the owner's ids. A route
    /// parameter with no known value fails the test, so a new endpoint gets a deliberate value.
    /// </summary>
    private List<Call> Calls(Owner owner)
    {
        var values = new Dictionary<string, (string Value, bool OwnersId)[]>
        {
            ["id"] =
            [
                (owner.AnalysisId.ToString(), true), (owner.TokenId.ToString(), true), (owner.JobId.ToString(), true),
                (owner.CheckInId.ToString(), true),
            ],
            ["token"] = [(owner.OverlayToken, true)],
            ["file"] = [("redness.png", true)],
            ["purpose"] = [("analysis", false), ("keep-photos", false), ("research", false)],
            ["documentName"] = [("v1", false)],
            // Product keys and measure names are catalog and vocabulary values, not anybody's record ids.
            ["productKey"] = [("sephora-2023:P1", false)],
            ["measure"] = [("redness", false), ("dryness", false)],
            // Experiment names belong to the operator's experiments, not to a person.
            ["name"] = [("slow-start", false)],
        };
        var calls = new List<Call>();
        foreach (var (key, endpoint, method) in Endpoints())
        {
            var urls = new List<(string Url, bool OwnersId)> { (endpoint.RoutePattern.RawText!, false) };
            foreach (var parameter in endpoint.RoutePattern.Parameters)
            {
                Assert.True(values.ContainsKey(parameter.Name), $"No test value for route parameter '{parameter.Name}' of {key}.");
                urls = urls
                    .SelectMany(u => values[parameter.Name].Select(v => (
                        ReplaceParameter(u.Url, parameter.Name, v.Value),
                        u.OwnersId || v.OwnersId)))
                    .ToList();
            }

            bool operatorOnly = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Any(a => a.Policy == Authentication.OperatorPolicy);
            // Endpoints that take only multipart bodies get an empty form, so routing does not stop them with 415.
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [];
            bool multipart = accepts.Contains("multipart/form-data") && !accepts.Contains("application/json");
            calls.AddRange(urls.Select(u =>
                new Call(key, method, $"{u.Url}?personId={owner.PersonId}", u.OwnersId, operatorOnly, multipart)));
        }

        return calls;
    }

    private static string ReplaceParameter(string pattern, string name, string value)
    {
        int start = pattern.IndexOf("{" + name, StringComparison.Ordinal);
        int end = pattern.IndexOf('}', start);
        return pattern[..start] + value + pattern[(end + 1)..];
    }

    private static SkinAnalysis SampleAnalysis() => new()
    {
        Mode = AnalysisMode.Face,
        Quality = new QualityReport(true, 80, []),
        Image = new ImageInfo("jpeg", 640, 480, 1),
        SkinTone = new SkinTone(60, 12, 18, 33.7, "intermediate"),
    };

    private sealed record Owner(HttpClient Client, string Handle, Guid PersonId, Guid AnalysisId, Guid TokenId,
        string TokenSecret, string OverlayToken, Guid JobId, Guid CheckInId)
    {
        /// <summary>Strings that appear only in the owner's data.</summary>
        public string[] Secrets =>
        [
            PersonId.ToString(), Handle, AnalysisId.ToString(), TokenId.ToString(), OverlayToken, TokenSecret, JobId.ToString(),
            CheckInId.ToString(),
        ];
    }

    private sealed record Call(string Key, string Method, string Url, bool UsesOwnersId, bool OperatorOnly, bool Multipart)
    {
        public HttpRequestMessage Request() => new(new HttpMethod(Method), Url)
        {
            Content = Method is "GET" or "DELETE" ? null
                : Multipart ? new MultipartFormDataContent { { new StringContent("x"), "note" } }
                : new StringContent("{}", Encoding.UTF8, "application/json"),
        };
    }
}
