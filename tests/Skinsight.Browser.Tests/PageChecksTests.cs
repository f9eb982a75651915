namespace Skinsight.Browser.Tests;

/// <summary>The accessibility checks, run on a page built to fail them, so that a check that finds nothing is trusted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageChecksTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task PageChecks_BadPage_ReportEachProblem()
    {
        // A blank page, because the app's Content-Security-Policy would block the inline styles below.
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 375, Height = 800 } });
        await page.SetContentAsync("""
            <p id="pale" style="color:#aaaaaa">Pale grey text on white</p>
            <p id="dark" style="color:#1d2330">Dark text on white</p>
            <input id="bare" name="bare">
            <label for="named">Named</label><input id="named">
            <div style="width:600px">Too wide for a phone</div>
            """);

        var contrast = await PageChecks.LowContrastTextAsync(page);
        var unlabelled = await PageChecks.UnlabelledInputsAsync(page);
        int overflow = await PageChecks.HorizontalOverflowAsync(page);

        Assert.Single(contrast);
        Assert.StartsWith("p#pale 2.32:1", contrast[0], StringComparison.Ordinal);
        Assert.Equal(["input#bare name=bare"], unlabelled);
        Assert.True(overflow > 0, "a 600 px block did not overflow a 375 px viewport");
        await page.CloseAsync();
    }
}
