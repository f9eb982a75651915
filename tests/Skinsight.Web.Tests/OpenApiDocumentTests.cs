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

    private async Task<JsonDocument> GetDocumentAsync() =>
        JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));
}
