using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>A Skinsight web app on an in-memory test server over a fresh SQLite file.</summary>
public class WebAppFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public string DatabasePath => _folder.File("skinsight.db");

    public string KeyFolder => _folder.File("keys");

    public async Task InitializeAsync()
    {
        var options = Configure(new WebHostOptions(DatabasePath, "http://127.0.0.1:0", _folder.File("overlays"))
        {
            KeyFolder = KeyFolder,
        });
        _app = await SkinsightWebApp.CreateAsync(options, configure: b => b.WebHost.UseTestServer());
        await _app.StartAsync();
        Client = _app.GetTestClient();
    }

    /// <summary>Returns the host settings; a derived fixture changes them, e.g. its rate limits.</summary>
    protected virtual WebHostOptions Configure(WebHostOptions options) => options;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
