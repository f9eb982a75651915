using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

public class ServeCommandTests
{
    [Fact]
    public async Task Serve_PortInUse_FailsWithOneLine()
    {
        using var cli = new CliHarness();
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        string url = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";

        var result = await cli.RunAsync("serve", "--urls", url, "--overlays", cli.File("overlays"));

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.Contains($"The address {url} is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_JsonLogs_LineHasUtcTimestamp()
    {
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            CliAssembly(), "serve", "--json-logs", "--urls", "http://127.0.0.1:0", "--db", folder.File("skinsight.db"),
            "--keys", folder.File("keys"), "--overlays", folder.File("overlays"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var before = DateTimeOffset.UtcNow;
        using var server = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        string? line;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            line = await server.StandardOutput.ReadLineAsync(timeout.Token);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        Assert.NotNull(line);
        using var entry = JsonDocument.Parse(line);
        string stamp = entry.RootElement.GetProperty("Timestamp").GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", stamp);
        var at = DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal(TimeSpan.Zero, at.Offset);
        Assert.InRange(at, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    /// <summary>The built skinsight.dll, which the build copies beside the tests with its runtime config.</summary>
    private static string CliAssembly()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "skinsight.dll");
        return File.Exists(Path.Combine(AppContext.BaseDirectory, "skinsight.runtimeconfig.json"))
            ? beside
            : throw new InvalidOperationException($"skinsight.runtimeconfig.json is missing from {AppContext.BaseDirectory}; build the test project.");
    }
}
