using System.Net;
using System.Text;
using System.Text.Json;
using SkiaSharp;

namespace Skinsight.Web.Tests;

/// <summary>The quality check a page runs as soon as a photo is chosen, before any analysis.</summary>
public class PhotoQualityApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Quality_Thumbnail_ReturnsBlockingIssueWithAdvice()
    {
        using var form = PhotoForm(SkinColouredPng(64, 64), "thumb.png");

        var response = await app.Person.PostAsync("/api/photos/quality", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(report.RootElement.GetProperty("accepted").GetBoolean());
        Assert.InRange(report.RootElement.GetProperty("score").GetDouble(), 0, 40);
        var tooSmall = report.RootElement.GetProperty("issues").EnumerateArray()
            .Single(i => i.GetProperty("code").GetString() == "too-small");
        Assert.True(tooSmall.GetProperty("blocking").GetBoolean());
        Assert.Contains("480 px", tooSmall.GetProperty("advice").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_TextFile_Returns400NamingFormats()
    {
        using var form = PhotoForm(Encoding.UTF8.GetBytes("not a photo"), "notes.txt");

        var response = await app.Person.PostAsync("/api/photos/quality", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JPEG", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_WithoutConsent_Returns403NamingConsent()
    {
        var (client, _) = await app.SignUpAsync();
        using var form = PhotoForm(SkinColouredPng(64, 64), "thumb.png");

        var response = await client.PostAsync("/api/photos/quality", form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("analysis", problem.RootElement.GetProperty("consent").GetString());
    }

    private static byte[] SkinColouredPng(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(224, 172, 140));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static MultipartFormDataContent PhotoForm(byte[] bytes, string name) =>
        new() { { new ByteArrayContent(bytes), "photo", name } };
}
