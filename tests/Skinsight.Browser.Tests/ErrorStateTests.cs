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

    [BrowserFact(BrowserFactAttribute.FacePhotoPath)]
    public async Task Photo_ConsentGivenAfterChoosing_ChecksAgain()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("late-consent"));
        await PageSteps.ChoosePhotoAsync(page, BrowserFactAttribute.FacePhotoPath);
        await Assertions.Expect(page.Locator("#photo-quality")).ToContainTextAsync("consent");

        await page.RunAndWaitForResponseAsync(
            () => PageSteps.GiveConsentAsync(page, "analysis"),
            r => r.Url.EndsWith("/api/photos/quality", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#photo-quality")).ToContainTextAsync("Photo quality");
        string quality = await page.InnerTextAsync("#photo-quality");

        Assert.DoesNotContain("needs your consent", quality, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Consent_Withdrawn_ShowsWithdrawn()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("withdraw"));
        await PageSteps.GiveConsentAsync(page, "analysis");

        await page.UncheckAsync("#consent-analysis");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Consent withdrawn.");
    }

    [BrowserFact]
    public async Task Catalog_SearchWithoutMatch_ExplainsSearch()
    {
        var page = await browser.OpenPageAsync();

        await page.FillAsync("#q", "no such product name");
        await page.PressAsync("#q", "Enter");
        await Assertions.Expect(page.Locator("#products-total")).ToHaveTextAsync("0 matching products.");
        string withWords = await page.InnerTextAsync("#products");

        // The browser tests share one app, and another class imports a catalog into it. Whether the catalog is empty
        // therefore depends on the order the classes run in, so only the search without a match is checked here.
        Assert.Contains("No products match", withWords, StringComparison.Ordinal);
        Assert.DoesNotContain("catalog is empty", withWords, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Catalog_ProductNotFoundSignedOut_ShowsMessage()
    {
        var page = await browser.OpenPageAsync();

        await page.GotoAsync("/#product=nowhere:nothing");
        await page.ReloadAsync();

        var message = page.Locator("#products-total");
        await Assertions.Expect(message).ToContainTextAsync("nowhere:nothing");
        Assert.True(await message.IsVisibleAsync(), "the message is hidden from a signed-out visitor");
    }

    [BrowserFact]
    public async Task Catalog_ProductLinkFollowedOnOpenPage_OpensWithoutReload()
    {
        var page = await browser.OpenPageAsync();

        await page.EvaluateAsync("() => { location.hash = 'product=elsewhere:missing'; }");

        await Assertions.Expect(page.Locator("#products-total")).ToContainTextAsync("elsewhere:missing");
    }

    [BrowserFact]
    public async Task Erase_Confirmed_ShowsVisibleConfirmation()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("erase"));

        await page.ClickAsync("#erase-button");
        await page.ClickAsync("#erase-yes");

        var confirmation = page.Locator("#account-status");
        await Assertions.Expect(confirmation).ToContainTextAsync("have been erased");
        Assert.True(await confirmation.IsVisibleAsync(), "the erase confirmation is hidden");
        Assert.True(await page.IsVisibleAsync("#account-form"), "the sign-in form is not shown after erasure");
    }
}
