using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Application.Accounts;
using Skinsight.Application.Composition;
using Skinsight.Application.Privacy;
using Skinsight.Testing;
using Skinsight.Web.Endpoints;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>A Skinsight web app on an in-memory test server over a fresh SQLite file.</summary>
public class WebAppFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";

    private readonly TempFolder _folder = new();
    private WebApplication? _app;
    private int _accounts;

    /// <summary>A client that is not signed in.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A signed-in person who gave every consent.</summary>
    public HttpClient Person { get; private set; } = null!;

    /// <summary>A signed-in account with the operator role.</summary>
    public HttpClient Operator { get; private set; } = null!;

    public string DatabasePath => _folder.File("skinsight.db");

    public SkinsightServices Services => _app!.Services.GetRequiredService<SkinsightServices>();

    internal WebApplication App => _app!;

    public string KeyFolder => _folder.File("keys");

    public async Task InitializeAsync()
    {
        // Tests sign up many accounts from one in-memory client, so the sign-in limit is off unless a test sets it.
        var options = Configure(new WebHostOptions(DatabasePath, "http://127.0.0.1:0", _folder.File("overlays"))
        {
            KeyFolder = KeyFolder,
            SignInsPerMinute = 0,
        });
        _app = await SkinsightWebApp.CreateAsync(options, configure: b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration[ResearchEndpoints.KeySetting] = Convert.ToBase64String(new byte[32]);
            ConfigureBuilder(b);
        });
        await _app.StartAsync();
        Client = _app.GetTestClient();
        (Person, _) = await SignUpAsync("analysis", "keep-photos", "research");
        Operator = await CreateOperatorAsync();
    }

    /// <summary>
    /// Returns a client that keeps cookies, as a browser would. Like the page, it sends an antiforgery token with
    /// every POST, PUT and DELETE request unless <paramref name="antiforgery"/> is false.
    /// </summary>
    public HttpClient CreateClient(bool antiforgery = true)
    {
        var handler = new CookieHandler(antiforgery) { InnerHandler = _app!.GetTestServer().CreateHandler() };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    /// <summary>Signs up a new person, gives the named consents, and returns the signed-in client and the handle.</summary>
    public async Task<(HttpClient Client, string Handle)> SignUpAsync(params string[] consents)
    {
        string handle = $"person-{Interlocked.Increment(ref _accounts)}";
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/account/signup", new { handle, password = Password });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        foreach (string purpose in consents)
        {
            var grant = await client.PutAsJsonAsync($"/api/consents/{purpose}",
                new { textVersion = ConsentTexts.Parse(purpose).Version });
            Assert.True(grant.IsSuccessStatusCode, await grant.Content.ReadAsStringAsync());
        }

        return (client, handle);
    }

    private async Task<HttpClient> CreateOperatorAsync()
    {
        await using (var scope = _app!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync("operator", Password, isOperator: true);
        }

        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/account/signin", new { handle = "operator", password = Password });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Returns the host settings; a derived fixture changes them, e.g. its rate limits.</summary>
    protected virtual WebHostOptions Configure(WebHostOptions options) => options;

    /// <summary>Changes the host builder after the defaults, so a derived fixture can remove a setting or add logging.</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Person?.Dispose();
        Operator?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>
    /// Stores cookies from responses and sends them back, since the test server's handler does not. Before an
    /// unsafe request it fetches a new antiforgery token, as the page does, so the token matches the current sign-in.
    /// </summary>
    private sealed class CookieHandler(bool antiforgery) : DelegatingHandler
    {
        private readonly CookieContainer _cookies = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            bool unsafeMethod = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
            if (antiforgery && unsafeMethod)
            {
                using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, "/api/antiforgery"));
                using var tokenResponse = await SendWithCookiesAsync(tokenRequest, cancellationToken);
                var token = await tokenResponse.Content.ReadFromJsonAsync<TokenBody>(cancellationToken);
                request.Headers.Add(AntiforgeryCheck.HeaderName, token!.Token);
            }

            return await SendWithCookiesAsync(request, cancellationToken);
        }

        private async Task<HttpResponseMessage> SendWithCookiesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            string header = _cookies.GetCookieHeader(uri);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                foreach (string value in values)
                {
                    _cookies.SetCookies(uri, value);
                }
            }

            return response;
        }

        private sealed record TokenBody(string HeaderName, string Token);
    }
}
