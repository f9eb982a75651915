using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

public class SecurityTests(SecurityTests.LowLimitApp app) : IClassFixture<SecurityTests.LowLimitApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/api/products/none:missing")]
    public async Task Response_AnyPath_CarriesSecurityHeaders(string path)
    {
        var response = await app.Client.GetAsync(path);

        string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Analyses_PngHeaderOf50000Square_Returns400BeforeDecoding()
    {
        byte[] png = Fuzz.MalformedImageCorpus.WithPngSize(new Fuzz.MalformedImageCorpus().Seeds[1].Bytes, 50_000, 50_000);
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { content, "photo", "huge.png" } };
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var response = await app.Person.PostAsync("/api/analyses", form);

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("50000x50000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // 50000 x 50000 RGBA would be 10 GB. Pixel buffers are native (OpenCV), so this bounds only the managed
        // side, and loosely, because other test classes allocate in parallel.
        Assert.True(allocated < 512L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Export_PastLimit_Returns429Problem()
    {
        HttpResponseMessage? last = null;
        for (int i = 0; i < LowLimitApp.SensitivePerMinute + 1; i++)
        {
            last = await app.Person.GetAsync("/api/me/export");
        }

        Assert.NotNull(last);
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(last.Headers.RetryAfter);
        using var problem = JsonDocument.Parse(await last.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task SignIn_PastLimit_Returns429Problem()
    {
        HttpResponseMessage? last = null;
        for (int i = 0; i < LowLimitApp.SignInsPerMinute + 1; i++)
        {
            last = await app.Client.PostAsJsonAsync(
                "/api/account/signin", new { handle = "nobody-here", password = "not the password 1" });
        }

        Assert.NotNull(last);
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(last.Headers.RetryAfter);
    }

    /// <summary>An app whose export, erasure and sign-in limits are low enough to reach in a test.</summary>
    public sealed class LowLimitApp : WebAppFixture
    {
        public const int SensitivePerMinute = 2;

        // The fixture's own sign-ups count too, so the limit leaves room for them.
        public const int SignInsPerMinute = 6;

        protected override WebHostOptions Configure(WebHostOptions options) =>
            options with { SensitiveRequestsPerMinute = SensitivePerMinute, SignInsPerMinute = SignInsPerMinute };
    }
}
