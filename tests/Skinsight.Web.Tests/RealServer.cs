using Microsoft.AspNetCore.Builder;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>
/// Starts the web application on a real Kestrel server at a free port of 127.0.0.1, for behaviour that the test
/// server lacks, such as request-line parsing and body size limits.
/// </summary>
internal static class RealServer
{
    /// <summary>Starts the application with its database, overlays and keys in <paramref name="folder"/>; the caller disposes it.</summary>
    public static async Task<WebApplication> StartAsync(TempFolder folder)
    {
        var options = new WebHostOptions(folder.File("skinsight.db"), "http://127.0.0.1:0", folder.File("overlays"))
        {
            KeyFolder = folder.File("keys"),
            Workers = 0,
        };
        var app = await SkinsightWebApp.CreateAsync(options);
        await app.StartAsync();
        return app;
    }
}
