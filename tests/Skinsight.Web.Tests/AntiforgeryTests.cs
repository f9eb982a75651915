using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

public class AntiforgeryTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task CookiePost_WithoutToken_Returns400NamingHeader()
    {
        using var client = await SignInWithoutTokensAsync();

        var response = await client.PostAsJsonAsync("/api/account/tokens", new { name = "sync" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(AntiforgeryCheck.HeaderName, await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookieDelete_WrongToken_Returns400()
    {
        using var client = await SignInWithoutTokensAsync();
        string token = await TokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/history/sephora-2023:P1");
        request.Headers.Add(AntiforgeryCheck.HeaderName, token[..^4] + "AAAA");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(AntiforgeryCheck.HeaderName, await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookiePost_TokenOfAnotherSignIn_Returns400()
    {
        using var client = app.CreateClient(antiforgery: false);
        string anonymousToken = await TokenAsync(client);
        await SignUpAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/tokens")
        {
            Content = JsonContent.Create(new { name = "sync" }),
        };
        request.Headers.Add(AntiforgeryCheck.HeaderName, anonymousToken);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CookiePost_WithToken_Succeeds()
    {
        using var client = await SignInWithoutTokensAsync();
        string token = await TokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/tokens")
        {
            Content = JsonContent.Create(new { name = "sync" }),
        };
        request.Headers.Add(AntiforgeryCheck.HeaderName, token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task BearerPost_WithoutToken_Succeeds()
    {
        var (client, _) = await app.SignUpAsync();
        var created = await client.PostAsJsonAsync("/api/account/tokens", new { name = "sync" });
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        using var bearer = app.CreateClient(antiforgery: false);
        bearer.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("secret").GetString());

        var response = await bearer.PostAsJsonAsync("/api/account/tokens", new { name = "second" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousSignIn_WithoutToken_Succeeds()
    {
        using var client = app.CreateClient(antiforgery: false);

        var response = await client.PostAsJsonAsync("/api/account/signup",
            new { handle = $"csrf-{Guid.NewGuid():N}"[..20], password = WebAppFixture.Password });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<HttpClient> SignInWithoutTokensAsync()
    {
        var client = app.CreateClient(antiforgery: false);
        await SignUpAsync(client);
        return client;
    }

    private static async Task SignUpAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/account/signup",
            new { handle = $"csrf-{Guid.NewGuid():N}"[..20], password = WebAppFixture.Password });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync("/api/antiforgery"));
        Assert.Equal(AntiforgeryCheck.HeaderName, body.RootElement.GetProperty("headerName").GetString());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("detail").GetString()!;
    }
}
