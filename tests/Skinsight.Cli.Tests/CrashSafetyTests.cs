using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Skinsight.Application.Privacy;
using Skinsight.Testing;
using Xunit.Abstractions;

namespace Skinsight.Cli.Tests;

/// <summary>
/// Starts the real <c>skinsight serve</c> process, sends concurrent plan writes, kills it with SIGKILL in the
/// middle, restarts it and checks that every write the server acknowledged is still there.
/// </summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Writers = 6;
    private const int AcknowledgedBeforeKill = 40;

    [Fact]
    public async Task Serve_KilledDuringWrites_KeepsAcknowledgedPlansSqlite()
    {
        using var folder = new TempFolder();
        string database = folder.File("skinsight.db");

        await RunKillAndRestartAsync(folder, database);

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("PRAGMA integrity_check", connection);
        Assert.Equal("ok", await command.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Serve_KilledDuringWrites_KeepsAcknowledgedPlansPostgres()
    {
        string admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.EnvironmentVariable)!;

        using var folder = new TempFolder();
        string name = "skinsight_crash_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            await RunKillAndRestartAsync(folder, builder.ConnectionString);

            // amcheck verifies every B-tree index of the plans table against its heap.
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(builder.ConnectionString, "CREATE EXTENSION IF NOT EXISTS amcheck");
            await ExecuteAsync(builder.ConnectionString,
                "SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'plans'::regclass");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private async Task RunKillAndRestartAsync(TempFolder folder, string database)
    {
        int port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var acknowledged = new ConcurrentBag<Guid>();

        using (var server = StartServer(folder, database, port))
        {
            await WaitUntilHealthyAsync(http, server);
            await SignUpWithTokenAsync(http);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(i => WriteUntilStoppedAsync(http, i, acknowledged, stop.Token)).ToArray();
            var clock = Stopwatch.StartNew();
            while (acknowledged.Count < AcknowledgedBeforeKill && clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(20);
            }

            // Process.Kill sends SIGKILL on Unix: no shutdown code runs, writes in flight are cut off.
            server.Kill();
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            output.WriteLine($"killed after {acknowledged.Count} acknowledged writes ({clock.ElapsedMilliseconds} ms)");
        }

        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} writes were acknowledged");
        using var restarted = StartServer(folder, database, port);
        try
        {
            await WaitUntilHealthyAsync(http, restarted);
            var stored = await ExportedPlanIdsAsync(http);

            var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged plans are missing: {string.Join(", ", lost.Take(5))}");
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }
    }

    /// <summary>Signs up, consents to analysis and authorises <paramref name="http"/> with a new API token.</summary>
    /// <remarks>The token is stored hashed in the database, so it still works after the restart.</remarks>
    private static async Task SignUpWithTokenAsync(HttpClient http)
    {
        var signUp = await http.PostAsJsonAsync("/api/account/signup", new { handle = "crash-test", password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);

        // The cookie's unsafe requests need the antiforgery token of the signed-in account, as the page sends it.
        using (var antiforgery = JsonDocument.Parse(await http.GetStringAsync("/api/antiforgery")))
        {
            http.DefaultRequestHeaders.Add(
                antiforgery.RootElement.GetProperty("headerName").GetString()!,
                antiforgery.RootElement.GetProperty("token").GetString());
        }

        var consent = await http.PutAsJsonAsync("/api/consents/analysis",
            new { textVersion = ConsentTexts.Parse("analysis").Version });
        Assert.True(consent.IsSuccessStatusCode, await consent.Content.ReadAsStringAsync());
        var token = await http.PostAsJsonAsync("/api/account/tokens", new { name = "crash-test" });
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        using var body = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("secret").GetString());
    }

    private static async Task WriteUntilStoppedAsync(HttpClient http, int writer, ConcurrentBag<Guid> acknowledged,
        CancellationToken cancellationToken)
    {
        for (int i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            string profile = $$"""{"age": {{20 + ((writer + i) % 50)}}, "skinType": "oily", "concerns": ["acne"], "allergies": []}""";
            try
            {
                using var response = await http.PostAsync(
                    "/api/plans", new StringContent(profile, Encoding.UTF8, "application/json"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    acknowledged.Add(body.RootElement.GetProperty("planId").GetGuid());
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // The server was killed; this write was never acknowledged.
                return;
            }
        }
    }

    private static async Task<HashSet<Guid>> ExportedPlanIdsAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/api/me/export");
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var archive = new ZipArchive(await response.Content.ReadAsStreamAsync());
        using var data = await JsonDocument.ParseAsync(archive.GetEntry("skinsight-data.json")!.Open());
        return [.. data.RootElement.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("id").GetGuid())];
    }

    private static Process StartServer(TempFolder folder, string database, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            CliAssembly(), "serve", "--urls", $"http://127.0.0.1:{port}", "--db", database,
            "--keys", folder.File("keys"), "--overlays", folder.File("overlays"), "--uploads-per-minute", "0",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The built skinsight.dll: beside the tests when the build copied it with its runtime config.</summary>
    private static string CliAssembly()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "skinsight.dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "skinsight.runtimeconfig.json")))
        {
            return beside;
        }

        throw new InvalidOperationException($"skinsight.runtimeconfig.json is missing from {AppContext.BaseDirectory}; build the test project.");
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, Process server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            Assert.False(server.HasExited, $"the server exited with code {(server.HasExited ? server.ExitCode : 0)} before it was healthy");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The server did not answer /health within 120 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
