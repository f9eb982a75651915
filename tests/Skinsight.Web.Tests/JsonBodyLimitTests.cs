using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>
/// JSON bodies over <see cref="WebHostOptions.MaxJsonBodyBytes"/> are rejected before they are parsed. The test runs a
/// real Kestrel server, because the test server has no body size limit to lower.
/// </summary>
public class JsonBodyLimitTests
{
    [Fact]
    public async Task JsonBody_OverLimit_Returns413ProblemDetails()
    {
        using var folder = new TempFolder();
        await using var app = await RealServer.StartAsync(folder);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        string handle = new('a', (int)WebHostOptions.MaxJsonBodyBytes + 10);
        using var body = new StringContent($$"""{"handle": "{{handle}}", "password": "x"}""", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/account/signup", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("larger than 1024 KB", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBody_UnderLimit_ReachesTheEndpoint()
    {
        using var folder = new TempFolder();
        await using var app = await RealServer.StartAsync(folder);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        // A handle of 100 KB is far under the body limit, so the endpoint's own validation rejects it.
        using var response = await client.PostAsJsonAsync("/api/account/signup",
            new { handle = new string('a', 100_000), password = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
