using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>Two app instances on one store and one key folder, as a scaled-out deployment runs them.</summary>
public class SharedKeyFolderTests
{
    [Fact]
    public async Task CookieFromOneInstance_AcceptedByTheOther()
    {
        using var folder = new TempFolder();
        await using var first = await RealServer.StartAsync(folder);
        await using var second = await RealServer.StartAsync(folder);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler);
        string firstUrl = first.Urls.First(), secondUrl = second.Urls.First();

        var signUp = await client.PostAsJsonAsync($"{firstUrl}/api/account/signup",
            new { handle = "shared-cookie", password = "correct horse battery staple 7" });
        var onSecond = await client.GetAsync($"{secondUrl}/api/account");
        using var token = JsonDocument.Parse(await client.GetStringAsync($"{secondUrl}/api/antiforgery"));
        using var consent = new HttpRequestMessage(HttpMethod.Put, $"{firstUrl}/api/consents/analysis")
        {
            Content = JsonContent.Create(new { textVersion = Application.Privacy.ConsentTexts.Parse("analysis").Version }),
        };
        consent.Headers.Add(token.RootElement.GetProperty("headerName").GetString()!, token.RootElement.GetProperty("token").GetString());
        var granted = await client.SendAsync(consent);

        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.True(granted.IsSuccessStatusCode, $"antiforgery token from the second instance was rejected by the first: {(int)granted.StatusCode}");
        Assert.True(Directory.EnumerateFiles(folder.File(Path.Combine("keys", SkinsightWebApp.DataProtectionFolderName)), "*.xml").Any());
    }
}
