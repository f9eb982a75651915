using Microsoft.Playwright;

namespace Skinsight.Browser.Tests;

/// <summary>Steps that several browser tests take on the page, as a person would.</summary>
internal static class PageSteps
{
    public static async Task SignUpAsync(IPage page, string handle)
    {
        await page.FillAsync("#handle", handle);
        await page.FillAsync("#password", BrowserFixture.Password);
        await page.ClickAsync("#signup-button");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync($"Signed in as {handle}");
    }

    public static async Task SignInAsync(IPage page, string handle, string password)
    {
        await page.FillAsync("#handle", handle);
        await page.FillAsync("#password", password);
        await page.PressAsync("#password", "Enter");
    }

    /// <summary>Ticks the consent box of <paramref name="purpose"/> and waits until the server stored it.</summary>
    public static async Task GiveConsentAsync(IPage page, string purpose)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => page.CheckAsync($"#consent-{purpose}"),
            r => r.Url.EndsWith($"/api/consents/{purpose}", StringComparison.Ordinal) && r.Request.Method == "PUT");
        Assert.True(response.Ok, $"consent {purpose}: HTTP {response.Status}");
    }

    /// <summary>Chooses a photo and waits for the live quality check to finish.</summary>
    public static async Task ChoosePhotoAsync(IPage page, string path)
    {
        await page.RunAndWaitForResponseAsync(
            () => page.SetInputFilesAsync("#photo", path),
            r => r.Url.EndsWith("/api/photos/quality", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#photo-quality")).Not.ToContainTextAsync("Checking");
    }
}
