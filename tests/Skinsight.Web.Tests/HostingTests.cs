using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Skinsight.Web.Tests;

public class HostingTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Theory]
    [InlineData("/health", "application/json")]
    [InlineData("/health/ready", "application/json")]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task Head_PublicEndpoint_ReturnsNoBody(string path, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, path);

        var head = await app.Client.SendAsync(request);
        var get = await app.Client.GetAsync(path);
        byte[] headBody = await head.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(mediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(headBody);
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing")]
    [InlineData("POST", "/api/analyses/extra/segments")]
    [InlineData("HEAD", "/no-such-page")]
    public async Task UnknownPath_Anonymous_Returns404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        if (method != "HEAD")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(path, await DetailAsync(response), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownPath_SignedIn_Returns404()
    {
        var response = await app.Person.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/analyses/nope", "'nope' is not a valid id for GET /api/analyses/{id:guid}")]
    [InlineData("POST", "/api/jobs/12345/retry", "'12345' is not a valid id for POST /api/jobs/{id:guid}/retry")]
    [InlineData("DELETE", "/api/account/tokens/abc", "'abc' is not a valid id for DELETE /api/account/tokens/{id:guid}")]
    public async Task MalformedId_Anonymous_Returns400NamingValue(string method, string path, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongContentType_Anonymous_Returns415()
    {
        using var content = new StringContent("hello", System.Text.Encoding.UTF8, "text/plain");

        var response = await app.Client.PostAsync("/api/account/signup", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("text/plain", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/analyses", "application/json", "send multipart/form-data,")]
    [InlineData("/api/catalog/imports", "application/json", "send multipart/form-data,")]
    [InlineData("/api/plans", "text/plain", "send application/json or multipart/form-data,")]
    public async Task WrongContentType_Post_NamesAcceptedTypes(string path, string sent, string fix)
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, sent);

        var response = await app.Operator.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"'{sent}; charset=utf-8'; {fix}", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_Anonymous_Returns405WithAllow()
    {
        var response = await app.Client.DeleteAsync("/health");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("DELETE", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_BodyTooLarge_SaysWhatToSend()
    {
        var tooLarge = new BadHttpRequestException(
            "Request body too large. The max request body size is 41943040 bytes.", StatusCodes.Status413PayloadTooLarge);

        var (status, _, detail) = Hosting.ErrorHandling.Classify(tooLarge);

        Assert.Equal(413, status);
        Assert.EndsWith("41943040 bytes; send a smaller body. JSON bodies may be at most 1024 KB, and a photo resized to at "
            + "most 4000 px on its longest side fits the upload limit.", detail);
    }

    [Fact]
    public async Task KnownPath_Anonymous_StillReturns401()
    {
        var response = await app.Client.GetAsync("/api/account");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Put_NoBody_NamesExpectedShape()
    {
        var response = await app.Person.PutAsync("/api/consents/analysis", content: null);
        string detail = await DetailAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The request body is missing; PUT /api/consents/{purpose} expects", detail, StringComparison.Ordinal);
        Assert.Contains("\"textVersion\": string", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_EmptyBody_NamesExpectedShape()
    {
        using var empty = new StringContent("", System.Text.Encoding.UTF8, "application/json");

        var response = await app.Client.PostAsync("/api/account/signup", empty);
        string detail = await DetailAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body is missing", detail, StringComparison.Ordinal);
        Assert.Contains("{ \"handle\": string, \"password\": string }", detail, StringComparison.Ordinal);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}
