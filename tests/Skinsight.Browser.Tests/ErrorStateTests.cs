using System.Text;
using Microsoft.Playwright;

namespace Skinsight.Browser.Tests;

/// <summary>What the page shows when a person gets something wrong.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorStateTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Photo_TextFileChosen_ShowsWhatToSend()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("wrong-type"));
        await PageSteps.GiveConsentAsync(page, "analysis");

        await page.RunAndWaitForResponseAsync(
            () => page.SetInputFilesAsync("#photo", new FilePayload
            {
                Name = "notes.txt",
                MimeType = "text/plain",
                Buffer = Encoding.UTF8.GetBytes("this is a shopping list, not a photo"),
            }),
            r => r.Url.EndsWith("/api/photos/quality", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#photo-quality .rejected")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#photo-preview")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "error-wrong-file-type", "section:has(#photo-heading)");
        string message = await page.InnerTextAsync("#photo-quality");

        Assert.Contains("JPEG", message, StringComparison.Ordinal);
        Assert.False(await page.IsVisibleAsync("#analysis"), "an analysis was shown for a text file");
    }

    [BrowserFact(BrowserFactAttribute.FacePhotoPath)]
    public async Task Photo_WithoutConsent_ShowsConsentNeeded()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("no-consent"));

        await PageSteps.ChoosePhotoAsync(page, BrowserFactAttribute.FacePhotoPath);
        await page.ClickAsync("#analyze-button");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("consent");
        await BrowserFixture.ScreenshotAsync(page, "error-missing-consent", "section:has(#photo-heading)");
        string quality = await page.InnerTextAsync("#photo-quality");

        Assert.Contains("consent", quality, StringComparison.OrdinalIgnoreCase);
        Assert.False(await page.IsVisibleAsync("#analysis"), "an analysis was shown without consent");
    }

    [BrowserFact]
    public async Task SignIn_WrongPasswordByKeyboard_ShowsFailure()
    {
        string handle = browser.NewHandle("keyboard");
        var signUp = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(signUp, handle);
        await signUp.Context.CloseAsync();
        var page = await browser.OpenPageAsync();

        await page.FocusAsync("#handle");
        await page.Keyboard.TypeAsync(handle);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("not the password at all");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Handle or password is wrong");
        await BrowserFixture.ScreenshotAsync(page, "error-wrong-password", "#account");

        Assert.Equal("Handle or password is wrong.", await page.InnerTextAsync("#account-error"));
        Assert.True(await page.IsVisibleAsync("#account-form"), "the sign-in form disappeared");
        Assert.False(await page.IsVisibleAsync("#person-flow"), "the person's flow shows after a failed sign-in");
        Assert.Equal("", await page.InputValueAsync("#password"));
    }
}
