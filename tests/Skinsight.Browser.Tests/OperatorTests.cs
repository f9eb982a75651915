using System.Text;
using Microsoft.Playwright;

namespace Skinsight.Browser.Tests;

/// <summary>The operator's part of the page: catalog import with its report, model cards and experiments.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorTests(BrowserFixture browser)
{
    private const string Catalog =
        "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n"
        + "Moisturizer,BROWSER BRAND,Barrier Cream,30,4.5,\"Water, Glycerin, Ceramide NP, Niacinamide\",1,1,1,0,1\n"
        + "Cleanser,BROWSER BRAND,Gentle Wash,12,4.1,\"Water, Glycerin, Coco-Glucoside\",1,1,1,1,1\n"
        + "Cleanser,BROWSER BRAND,Empty Label,9,3.9,,1,1,1,1,1\n";

    [BrowserFact]
    public async Task CatalogImport_CsvWithBadRow_ShowsParseReport()
    {
        var page = await SignInAsOperatorAsync();

        await page.SetInputFilesAsync("#import-file", new FilePayload
        {
            Name = "browser-catalog.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(Catalog),
        });
        await page.ClickAsync("#import-button");
        await Assertions.Expect(page.Locator(".import-summary")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "operator-1-import", "#operator");
        string summary = await page.InnerTextAsync(".import-summary");
        string skipped = await page.InnerTextAsync("#import-report table");

        Assert.Contains("browser-catalog.csv: 3 rows read, 2 imported", summary, StringComparison.Ordinal);
        Assert.Contains("1 skipped", summary, StringComparison.Ordinal);
        Assert.Contains("no ingredient list", skipped, StringComparison.Ordinal);

        await page.FillAsync("#q", "barrier");
        await page.PressAsync("#q", "Enter");
        await Assertions.Expect(page.Locator("#products")).ToContainTextAsync("Barrier Cream");
    }

    [BrowserFact]
    public async Task ModelsAndExperiments_Operator_ShowsMetricsReportAndStops()
    {
        var page = await SignInAsOperatorAsync(width: 375);

        await page.ClickAsync("#models-button");
        await Assertions.Expect(page.Locator("#models .model").First).ToBeVisibleAsync();
        string models = await page.InnerTextAsync("#models");
        await page.ClickAsync("#experiments-button");
        await page.ClickAsync($"button[aria-label='Report of experiment {BrowserFixture.ExperimentName}']");
        await Assertions.Expect(page.Locator("#experiment-report table")).ToBeVisibleAsync();
        string report = await page.InnerTextAsync("#experiment-report");
        await BrowserFixture.ScreenshotAsync(page, "operator-2-models-experiments", "#operator");
        await page.ClickAsync($"button[aria-label='Stop experiment {BrowserFixture.ExperimentName}']");
        await Assertions.Expect(page.Locator("#experiments")).ToContainTextAsync($"{BrowserFixture.ExperimentName}: stopped");

        Assert.Contains("Sephora review dislike ranker", models, StringComparison.Ordinal);
        Assert.Contains("AUC", models, StringComparison.Ordinal);
        Assert.Contains("control", report, StringComparison.Ordinal);
        Assert.Contains("Decision:", report, StringComparison.Ordinal);
        Assert.Empty(await PageChecks.LowContrastTextAsync(page));
        Assert.Equal(0, await PageChecks.HorizontalOverflowAsync(page));
    }

    private async Task<IPage> SignInAsOperatorAsync(int width = 1100)
    {
        var page = await browser.OpenPageAsync(width);
        await PageSteps.SignInAsync(page, BrowserFixture.OperatorHandle, BrowserFixture.Password);
        await Assertions.Expect(page.Locator("#operator")).ToBeVisibleAsync();
        return page;
    }
}
