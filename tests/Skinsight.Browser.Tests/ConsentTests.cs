using Microsoft.Playwright;

namespace Skinsight.Browser.Tests;

/// <summary>Consent boxes and step headings on the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsentTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task KeepPhotos_UntickCancelled_StaysGiven()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("keep-cancel"));
        await PageSteps.GiveConsentAsync(page, "keep-photos");
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.DismissAsync();
        };
        int withdrawals = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "DELETE" && request.Url.EndsWith("/api/consents/keep-photos", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref withdrawals);
            }
        };

        await page.ClickAsync("#consent-keep-photos");
        await Assertions.Expect(page.Locator("#consent-keep-photos")).ToBeCheckedAsync();
        var consents = await page.APIRequest.GetAsync("/api/consents");
        string stored = await consents.TextAsync();

        Assert.NotNull(question);
        Assert.Contains("deletes every photo", question, StringComparison.Ordinal);
        Assert.Equal(0, withdrawals);
        Assert.Matches("\"purpose\":\"keep-photos\"[^}]*\"given\":true", stored);
    }

    [BrowserFact]
    public async Task KeepPhotos_UntickConfirmed_Withdraws()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("keep-confirm"));
        await PageSteps.GiveConsentAsync(page, "keep-photos");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#consent-keep-photos"),
            r => r.Url.EndsWith("/api/consents/keep-photos", StringComparison.Ordinal) && r.Request.Method == "DELETE");

        Assert.True(response.Ok, $"withdrawal: HTTP {response.Status}");
        await Assertions.Expect(page.Locator("#consent-keep-photos")).Not.ToBeCheckedAsync();
    }

    [BrowserFact]
    public async Task Steps_Headings_AreAllLevelTwo()
    {
        var page = await browser.OpenPageAsync();
        await PageSteps.SignUpAsync(page, browser.NewHandle("headings"));

        var levels = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('h1, h2, h3, h4')].filter(h => /^\\d+\\. /.test(h.textContent)).map(h => h.tagName + ' ' + h.textContent)");

        Assert.Contains("H2 1. Consent", levels);
        Assert.All(levels, level => Assert.StartsWith("H2 ", level, StringComparison.Ordinal));
    }
}
