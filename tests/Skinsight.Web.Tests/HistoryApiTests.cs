using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Skinsight.Web.Tests;

/// <summary>The product history endpoints, the questionnaire endpoint and their effect on a plan.</summary>
public class HistoryApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string Catalog = "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n"
        + "Cleanser,TEST BRAND,Foam Wash,20,4.5,\"Water, Glycerin, Coco-Glucoside\",1,1,1,1,1\n"
        + "Cleanser,TEST BRAND,Milk Wash,25,4.0,\"Water, Glycerin, Cetearyl Alcohol\",1,1,1,1,1\n"
        + "Moisturizer,TEST BRAND,Barrier Cream,30,4.5,\"Water, Glycerin, Ceramide NP\",1,1,1,1,1\n"
        + "Sun protect,TEST BRAND,Day Shield SPF 50,28,4.2,\"Water, Zinc Oxide\",1,1,1,1,1\n";

    [Fact]
    public async Task History_RecordListRemove_RoundTrips()
    {
        string key = await ImportAndFindAsync("Milk Wash");

        var record = await app.Person.PostAsJsonAsync("/api/history", new { productKey = key, kind = "Owned", note = "half full" });
        string listed = await app.Person.GetStringAsync("/api/history");
        var removed = await app.Person.DeleteAsync($"/api/history/{Uri.EscapeDataString(key)}?kind=owned");
        string after = await app.Person.GetStringAsync("/api/history");

        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Contains(key, listed, StringComparison.Ordinal);
        Assert.Contains("half full", listed, StringComparison.Ordinal);
        Assert.Contains("\"removed\":1", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_UnknownProduct_Returns404NamingKey()
    {
        var response = await app.Person.PostAsJsonAsync("/api/history", new { productKey = "test:missing", kind = "owned" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("test:missing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_UnknownKind_Returns400ListingKinds()
    {
        string key = await ImportAndFindAsync("Foam Wash");

        var response = await app.Person.PostAsJsonAsync("/api/history", new { productKey = key, kind = "loved" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("loved", body, StringComparison.Ordinal);
        Assert.Contains("reacted", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_AfterReaction_LeavesProductOut()
    {
        string key = await ImportAndFindAsync("Foam Wash");
        await app.Person.PostAsJsonAsync("/api/history", new { productKey = key, kind = "reacted" });

        var response = await app.Person.PostAsync("/api/plans",
            new StringContent("""{"skinType": "normal"}""", Encoding.UTF8, "application/json"));

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var plan = JsonDocument.Parse(text);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.Contains(plan.RootElement.GetProperty("warnings").EnumerateArray(),
            w => w.GetProperty("rule").GetString() == "history-reacted-product");
        JsonElement cleanse = plan.RootElement.GetProperty("am").EnumerateArray().First(s => s.GetProperty("step").GetString() == "cleanse");
        Assert.Contains(cleanse.GetProperty("explanation").GetProperty("rules").EnumerateArray(),
            r => r.GetString() == "history-reacted-product");
        Assert.NotEmpty(cleanse.GetProperty("explanation").GetProperty("ranking").GetProperty("factors").EnumerateArray());
    }

    [Fact]
    public async Task Questionnaire_Get_ListsTwelveQuestions()
    {
        using var body = JsonDocument.Parse(await app.Person.GetStringAsync("/api/questionnaire"));

        var questions = body.RootElement.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(12, questions.Count);
        Assert.Equal(1, body.RootElement.GetProperty("minAnswer").GetInt32());
        Assert.All(questions, q => Assert.Equal(4, q.GetProperty("answers").GetArrayLength()));
    }

    [Fact]
    public async Task Plan_WithQuestionnaire_ReturnsBaumannCode()
    {
        string profile = """{"questionnaire": {"shineByMidday": 4, "tightAfterWashing": 1, "stingingFromProducts": 1}}""";

        var response = await app.Person.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var plan = JsonDocument.Parse(text);
        Assert.Equal("OR??", plan.RootElement.GetProperty("baumann").GetProperty("code").GetString());
    }

    private async Task<string> ImportAndFindAsync(string name)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Catalog)), "file", "cosmetics.csv");
        var import = await app.Operator.PostAsync("/api/catalog/imports", form);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        using var search = JsonDocument.Parse(await app.Person.GetStringAsync($"/api/products?q={Uri.EscapeDataString(name)}"));
        return search.RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
    }
}
