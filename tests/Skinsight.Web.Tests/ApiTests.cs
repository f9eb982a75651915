using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Skinsight.Testing;

namespace Skinsight.Web.Tests;

public class ApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Health_Get_ReturnsOk()
    {
        var response = await app.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ok", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Get_DescribesEveryApiPath()
    {
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        foreach (string path in new[] { "/health", "/api/analyses", "/api/plans", "/api/products", "/api/catalog/imports", "/api/history", "/api/questionnaire" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }

    [Fact]
    public async Task OpenApi_ProtectedOperations_ListSignInSchemes()
    {
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("apiToken").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("signInCookie").GetProperty("in").GetString());

        var paths = root.GetProperty("paths");
        var export = paths.GetProperty("/api/me/export").GetProperty("get");
        var names = export.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["apiToken", "signInCookie"], names.Order());
        Assert.False(paths.GetProperty("/health").GetProperty("get").TryGetProperty("security", out _));
    }

    [OpenApiValidatorFact]
    public async Task OpenApi_Document_PassesSpecValidator()
    {
        string document = await app.Client.GetStringAsync("/openapi/v1.json");
        using var folder = new TempFolder();
        string path = folder.File("openapi.json");
        await File.WriteAllTextAsync(path, document);

        var (exitCode, output) = OpenApiValidator.Run(path);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Page_Get_ServesHtmlWithoutExternalAssets()
    {
        string html = await app.Client.GetStringAsync("/");

        Assert.Contains("<form id=\"plan-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://127.0.0.1", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_OffersCheckInExportAndErasure_AndEveryScriptIdExists()
    {
        string html = await app.Client.GetStringAsync("/");
        string script = await app.Client.GetStringAsync("/app.js");

        Assert.Contains("\"/api/checkins\"", script, StringComparison.Ordinal);
        Assert.Contains("\"/api/me?confirm=yes\"", script, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/me/export\"", html, StringComparison.Ordinal);
        var pageIds = Regex.Matches(html, "\\sid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        var scriptIds = Regex.Matches(script, "\\$\\(\"([^\"]+)\"\\)").Select(m => m.Groups[1].Value)
            .Concat(Regex.Matches(script, "querySelector(?:All)?\\(\"#([\\w-]+)").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Contains("checkin-form", scriptIds);
        Assert.Contains("erase-yes", scriptIds);
        Assert.Empty(scriptIds.Except(pageIds));
    }

    [Fact]
    public async Task PageScript_CallsFetch_OnlyInWrapper()
    {
        string script = await app.Client.GetStringAsync("/app.js");

        Assert.Single(Regex.Matches(script, @"\bfetch\("));
        Assert.Contains("async function request(", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyses_PostWithoutMultipart_Returns415Problem()
    {
        var response = await app.Person.PostAsync("/api/analyses", new StringContent("{}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    [Fact]
    public async Task Analyses_PostWithoutPhotoField_Returns400NamingField()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };

        var response = await app.Person.PostAsync("/api/analyses", form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "'photo'");
    }

    [Fact]
    public async Task Analyses_PostEmptyPhoto_Returns400SayingWhatToAttach()
    {
        using var form = PhotoForm([], "photo.jpg");

        var response = await app.Person.PostAsync("/api/analyses", form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "'photo' is empty (0 bytes); attach the file's contents");
    }

    [Fact]
    public async Task Analyses_PostTextAsPhoto_Returns400()
    {
        using var form = PhotoForm(Encoding.UTF8.GetBytes("this is not an image"), "photo.jpg");

        var response = await app.Person.PostAsync("/api/analyses", form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task Analyses_PostPngWithHugeHeader_Returns400WithoutDecoding()
    {
        using var form = PhotoForm(TestImages.PngHeaderOnly(20000, 20000), "huge.png");

        var response = await app.Person.PostAsync("/api/analyses", form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task Plans_PostJsonProfileWithoutCatalog_ReturnsIngredientLevelPlan()
    {
        string profile = """{"age": 29, "skinType": "oily", "concerns": ["acne"], "allergies": []}""";

        var response = await app.Person.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        var plan = body.RootElement;
        Assert.False(plan.GetProperty("fromCatalog").GetBoolean());
        Assert.Contains(plan.GetProperty("am").EnumerateArray(), s => s.GetProperty("step").GetString() == "sunscreen");
    }

    [Fact]
    public async Task Plans_PostProfileWithWrongType_Returns400NamingField()
    {
        string profile = """{"age": "old"}""";

        var response = await app.Person.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "age");
    }

    [Theory]
    [InlineData("allergies")]
    [InlineData("freeOf")]
    [InlineData("pastReactions")]
    public async Task Plans_PostTooManyNames_Returns400NamingFieldAndLimit(string field)
    {
        string names = JsonSerializer.Serialize(Enumerable.Range(0, Planning.ProfileReader.MaxNames + 1).Select(i => $"word{i}"));
        string profile = $$"""{"{{field}}": {{names}}}""";

        var response = await app.Person.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"'{field}'");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"limit of {Planning.ProfileReader.MaxNames}");
    }

    [Fact]
    public async Task Plans_PostNameOverMaxLength_Returns400NamingEntry()
    {
        string profile = $$"""{"allergies": ["fragrance", "{{new string('x', 2_000_000)}}"]}""";

        var response = await app.Person.PostAsync("/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "'allergies[1]'");
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"limit of {Planning.ProfileReader.MaxNameLength}", body, StringComparison.Ordinal);
        Assert.True(body.Length < 2000, $"response of {body.Length} characters quotes the whole name");
    }

    [Fact]
    public async Task Products_SearchWithUnknownCategory_Returns400()
    {
        var response = await app.Client.GetAsync("/api/products?category=potion");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "potion");
    }

    [Fact]
    public async Task CatalogImport_PostCsv_ImportsAndSearchFindsIt()
    {
        string csv = "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n"
            + "Moisturizer,TEST BRAND,Barrier Cream,30,4.5,\"Water, Glycerin, Ceramide NP, Niacinamide\",1,1,1,0,1\n";
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "cosmetics.csv");

        var import = await app.Operator.PostAsync("/api/catalog/imports", form);
        var search = await app.Client.GetStringAsync("/api/products?q=barrier");

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Contains("Barrier Cream", search, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("skinType=purple", "purple")]
    [InlineData("concern=bogus", "bogus")]
    public async Task Products_SearchWithUnknownSkinTypeOrConcern_Returns400ListingValidValues(string filter, string value)
    {
        var response = await app.Client.GetAsync($"/api/products?{filter}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, value);
        Assert.Contains("use one of: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_UndetectableFormat_Returns400WithoutCliWording()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("colour,size\nred,3\n")), "file", "odd.csv");

        var response = await app.Operator.PostAsync("/api/catalog/imports", form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "odd.csv");
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("one of: ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("--format", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("skip=-1", "skip -1 is out of range; use 0 or more.")]
    [InlineData("take=0", "take 0 is out of range; use 1 to 200.")]
    [InlineData("take=201", "take 201 is out of range; use 1 to 200.")]
    public async Task Products_PagingOutOfRange_NamesValue(string paging, string expected)
    {
        var response = await app.Client.GetAsync($"/api/products?{paging}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Products_MinPriceAboveMax_Returns400()
    {
        var response = await app.Client.GetAsync("/api/products?minPrice=50&maxPrice=10");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "minPrice 50");
    }

    [Fact]
    public async Task Products_SearchFreeOfFragrance_LeavesOutScented()
    {
        string csv = "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n"
            + "Moisturizer,FREEOF BRAND,Plain Cream,30,4.5,\"Water, Glycerin\",1,1,1,0,1\n"
            + "Moisturizer,FREEOF BRAND,Scented Cream,30,4.5,\"Water, Glycerin, Parfum, Linalool\",1,1,1,0,1\n";
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "cosmetics.csv");
        var import = await app.Operator.PostAsync("/api/catalog/imports", form);

        var search = await app.Client.GetStringAsync("/api/products?q=freeof&freeOf=fragrance&minPrice=20&maxPrice=40");

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Contains("Plain Cream", search, StringComparison.Ordinal);
        Assert.DoesNotContain("Scented Cream", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Products_GetUnknownId_Returns404Problem()
    {
        var response = await app.Client.GetAsync("/api/products/none:missing");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, null);
    }

    [SharedDataFact("images/acne04-roboflow/images")]
    public async Task Analyses_PostRealPhoto_ReturnsScoresAndOverlayUrls()
    {
        string photo = Directory.EnumerateFiles(SharedData.PathOf("images/acne04-roboflow/images"), "*.jpg").Order().First();
        using var form = PhotoForm(await File.ReadAllBytesAsync(photo), Path.GetFileName(photo));

        var response = await app.Person.PostAsync("/api/analyses", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.True(root.GetProperty("quality").TryGetProperty("score", out _));
        if (root.GetProperty("quality").GetProperty("accepted").GetBoolean())
        {
            string overlay = root.GetProperty("overlays").EnumerateObject().First().Value.GetString()!;
            var image = await app.Person.GetAsync(overlay);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        }
    }

    [SharedDataFact("images/ham10000-dermamnist/images")]
    public async Task CheckIns_PostFlaggedCloseUp_ReturnsFlag()
    {
        // A melanoma in HAM10000 that the lesion screen flags with a high probability.
        string photo = Path.Combine(SharedData.PathOf("images/ham10000-dermamnist/images"), "ISIC_0024310.jpg");
        using var form = PhotoForm(await File.ReadAllBytesAsync(photo), Path.GetFileName(photo));
        form.Add(new StringContent("{}", Encoding.UTF8, "application/json"), "checkIn");

        var response = await app.Person.PostAsync("/api/checkins", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var flags = body.RootElement.GetProperty("flags");
        Assert.Equal(1, flags.GetArrayLength());
        Assert.Contains("dermatologist", flags[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [SharedDataFact("images/utkface-crop-part1/images/100_1_0_20170110183726390.jpg.chip.jpg")]
    public async Task Analyses_PostFacePhoto_ReturnsEstimatedSkinAge()
    {
        string photo = SharedData.PathOf("images/utkface-crop-part1/images/100_1_0_20170110183726390.jpg.chip.jpg");
        using var form = PhotoForm(await File.ReadAllBytesAsync(photo), Path.GetFileName(photo));

        var response = await app.Person.PostAsync("/api/analyses", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("face", root.GetProperty("mode").GetString());
        var age = root.GetProperty("estimatedSkinAge");
        Assert.InRange(age.GetProperty("years").GetDouble(), 0, 120);
        Assert.True(age.GetProperty("uncertaintyYears").GetDouble() > 0);
    }

    private static MultipartFormDataContent PhotoForm(byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "photo", name } };
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
