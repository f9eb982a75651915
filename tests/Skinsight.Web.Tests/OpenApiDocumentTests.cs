using System.Text.Json;
using Skinsight.Application.Privacy;

namespace Skinsight.Web.Tests;

/// <summary>Checks that the OpenAPI document states what the endpoints do.</summary>
public class OpenApiDocumentTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task HistoryRequest_Note_IsOptional()
    {
        using var document = await GetDocumentAsync();

        var schema = OpenApiSchemas.RequestBody(document, "/api/history", "post");

        Assert.True(schema.GetProperty("properties").TryGetProperty("note", out _));
        var required = schema.TryGetProperty("required", out var list)
            ? list.EnumerateArray().Select(e => e.GetString()).ToList()
            : [];
        Assert.DoesNotContain("note", required);
    }

    [Fact]
    public async Task GiveConsent_Summary_NamesEveryPurpose()
    {
        using var document = await GetDocumentAsync();

        string summary = document.RootElement.GetProperty("paths").GetProperty("/api/consents/{purpose}")
            .GetProperty("put").GetProperty("summary").GetString()!;

        foreach (var text in ConsentTexts.All)
        {
            Assert.Contains(text.Name, summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DemographicsBody_EveryField_IsRequiredAndNullable()
    {
        using var document = await GetDocumentAsync();

        var schema = OpenApiSchemas.RequestBody(document, "/api/research/demographics", "put");

        var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order();
        Assert.Equal(["birthYear", "region", "sex", "skinType"], required);
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            Assert.True(OpenApiSchemas.AllowsNull(property.Value), $"{property.Name} does not allow null: {property.Value}");
        }
    }

    [Theory]
    [InlineData("/api/analyses")]
    [InlineData("/api/photos/quality")]
    [InlineData("/api/jobs/analyses")]
    public async Task PhotoUpload_MultipartBody_NamesPhotoField(string path)
    {
        using var document = await GetDocumentAsync();

        var schema = MultipartSchema(document, path);

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("binary", schema.GetProperty("properties").GetProperty("photo").GetProperty("format").GetString());
        Assert.Equal(["photo"], Required(schema));
    }

    [Theory]
    [InlineData("/api/plans", "profile", "SkinProfile", true)]
    [InlineData("/api/checkins", "checkIn", "CheckInRequest", false)]
    public async Task JsonAndPhotoUpload_MultipartBody_NamesBothFields(string path, string field, string type, bool required)
    {
        using var document = await GetDocumentAsync();

        var schema = MultipartSchema(document, path);
        var properties = schema.GetProperty("properties");
        var encoding = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("encoding");

        Assert.EndsWith("/" + type, properties.GetProperty(field).GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.Equal("application/json", encoding.GetProperty(field).GetProperty("contentType").GetString());
        Assert.Equal("binary", properties.GetProperty("photo").GetProperty("format").GetString());
        Assert.Equal(required ? [field] : [], Required(schema));
    }

    private static JsonElement MultipartSchema(JsonDocument document, string path) =>
        document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");

    private static List<string?> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var list) ? [.. list.EnumerateArray().Select(e => e.GetString())] : [];

    private async Task<JsonDocument> GetDocumentAsync() =>
        JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));
}
