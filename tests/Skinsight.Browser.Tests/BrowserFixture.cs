using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Skinsight.Application.Accounts;
using Skinsight.Application.Composition;
using Skinsight.Application.Experiments;
using Skinsight.Data.Entities;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Browser.Tests;

/// <summary>
/// The Skinsight web app on a free 127.0.0.1 port with a fresh SQLite store, an operator account and a running
/// experiment, and one headless Chromium that every test opens its own browser context in.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";

    public const string OperatorHandle = "operator";

    public const string ExperimentName = "short-routine";

    // Chromium keeps trying to reach update and sync servers without these flags, and the test network is closed.
    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly TempFolder _folder = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private int _handles;

    /// <summary>The app's address, such as <c>http://127.0.0.1:45123</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Folder of the screenshots, beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.ChromiumPath))
        {
            return;
        }

        Directory.CreateDirectory(ScreenshotFolder);
        // An analysis takes a few seconds on a busy 2-core machine, longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(20_000);
        var options = new WebHostOptions(_folder.File("skinsight.db"), "http://127.0.0.1:0", _folder.File("overlays"))
        {
            KeyFolder = _folder.File("keys"),
            ModelFolder = Path.Combine(RepositoryRoot.Find() ?? ".", "models"),
            UploadsPerMinute = 0,
            SignInsPerMinute = 0,
            // The page analyses photos through background jobs, so the worker looks for new ones often.
            JobPollInterval = TimeSpan.FromMilliseconds(200),
        };
        _app = await SkinsightWebApp.CreateAsync(options);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.Single();
        await SeedAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = s_chromiumArgs,
        });
    }

    /// <summary>Returns a handle no other test uses.</summary>
    public string NewHandle(string prefix) => $"{prefix}-{Interlocked.Increment(ref _handles)}";

    /// <summary>Opens a fresh browser context (its own cookies) on the page, at the given viewport width.</summary>
    public async Task<IPage> OpenPageAsync(int width = 1100)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    /// <summary>
    /// Saves screenshots/NAME.png in the test output folder: the element that <paramref name="selector"/> finds,
    /// or the whole page when it is null.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name, string? selector = null)
    {
        string path = Path.Combine(ScreenshotFolder, $"{name}.png");
        if (selector is null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            return;
        }

        await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task SeedAsync()
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateAsync(OperatorHandle, Password, isOperator: true);
        var services = _app.Services.GetRequiredService<SkinsightServices>();
        await services.Experiments.CreateAsync(new ExperimentRequest(
            ExperimentName,
            "A minimal routine lowers redness as much as a full one.",
            [new ExperimentArm("control", 1, null), new ExperimentArm("minimal", 1, "minimal")],
            "redness",
            PlannedPerArm: 40));
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
