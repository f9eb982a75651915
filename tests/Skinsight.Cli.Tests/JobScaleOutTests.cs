using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skinsight.Data;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;
using Skinsight.Testing;
using Xunit.Abstractions;

namespace Skinsight.Cli.Tests;

/// <summary>
/// Runs two real <c>skinsight serve</c> processes on one database, queues 1,000 jobs, kills one instance with
/// SIGKILL half way and checks that every job completes exactly once.
/// </summary>
/// <remarks>
/// The jobs are probe jobs: they run the same claim, fenced completion and analysis insert as photo analyses,
/// but wait a fixed 50 ms instead of analysing a photo. A real analysis costs far more CPU, and 1,000 of them
/// would not fit in about two minutes on two cores. The wait keeps every worker of the killed instance inside
/// a claimed job most of the time, so the kill leaves jobs whose lease must expire and be reclaimed.
/// </remarks>
public class JobScaleOutTests(ITestOutputHelper output)
{
    private const int Jobs = 1000;
    private const int WorkersPerInstance = 4;
    private const int ProbeWorkMilliseconds = 50;
    private const double LeaseSeconds = 3;

    [Fact]
    public async Task TwoInstances_OneKilledHalfWay_CompleteEveryJobOnceSqlite()
    {
        using var folder = new TempFolder();
        string database = folder.File("skinsight.db");

        await RunScaleOutAsync(folder, database);

        SqliteConnection.ClearAllPools();
    }

    [PostgresFact]
    public async Task TwoInstances_OneKilledHalfWay_CompleteEveryJobOncePostgres()
    {
        string admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.EnvironmentVariable)!;
        using var folder = new TempFolder();
        string name = "skinsight_jobs_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            await RunScaleOutAsync(folder, builder.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private async Task RunScaleOutAsync(TempFolder folder, string database)
    {
        var store = await StoreFactory.OpenAsync(database, new KeyRingOptions(folder.File("keys")));
        var person = await store.GetOrCreatePersonAsync("scale-out");
        using var survivor = StartServer(folder, database);
        using var victim = StartServer(folder, database);
        await Task.WhenAll(WaitUntilHealthyAsync(survivor), WaitUntilHealthyAsync(victim));

        var clock = Stopwatch.StartNew();
        await EnqueueProbesAsync(store, person.Id);
        output.WriteLine($"queued {Jobs} jobs in {clock.ElapsedMilliseconds} ms");
        await WaitForSucceededAsync(store, Jobs / 2, TimeSpan.FromSeconds(60));
        int beforeKill = await CountSucceededAsync(store);
        int held = await WaitUntilHoldingAsync(store, victim.Process.Id, claims: 2);

        // Process.Kill sends SIGKILL on Unix: no shutdown code runs, and the jobs the instance had claimed stay
        // running until their lease expires.
        victim.Process.Kill();
        await victim.Process.WaitForExitAsync();
        output.WriteLine($"killed one instance holding {held} jobs after {beforeKill} jobs ({clock.ElapsedMilliseconds} ms)");
        await WaitForSucceededAsync(store, Jobs, TimeSpan.FromSeconds(90));
        output.WriteLine($"all {Jobs} jobs succeeded after {clock.ElapsedMilliseconds} ms");

        await using var context = store.CreateContext();
        var jobs = await context.Jobs.AsNoTracking().ToListAsync();
        var analysisIds = await context.Analyses.Where(a => a.PersonId == person.Id).Select(a => a.Id).ToListAsync();
        int reclaimed = jobs.Count(j => j.Attempts > 1);
        output.WriteLine($"{reclaimed} jobs were reclaimed after the kill");

        Assert.Equal(Jobs, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(Jobs, jobs.Select(j => j.ResultId).Distinct().Count());
        Assert.Equal(Jobs, analysisIds.Count);
        Assert.Equal(analysisIds.Order(), jobs.Select(j => j.ResultId!.Value).Order());
        Assert.Equal(0, await context.JobPayloads.CountAsync());
        Assert.True(reclaimed > 0, "no job was reclaimed, so the kill did not interrupt a claimed job");
        Assert.False(survivor.Process.HasExited, "the surviving instance exited");
        survivor.Process.Kill();
        await survivor.Process.WaitForExitAsync();
    }

    /// <summary>Adds every job and its input in one save, so the queue fills faster than the workers drain it.</summary>
    private static async Task EnqueueProbesAsync(SkinsightStore store, Guid personId)
    {
        byte[] input = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(input, ProbeWorkMilliseconds);
        var now = DateTime.UtcNow;
        await using var context = store.CreateContext();
        for (int i = 0; i < Jobs; i++)
        {
            var id = Guid.CreateVersion7();
            context.Jobs.Add(new JobRecord
            {
                Id = id,
                PersonId = personId,
                Kind = JobKinds.Probe,
                State = JobState.Queued,
                MaxAttempts = 5,
                NotBefore = now,
                CreatedAt = now,
            });
            context.JobPayloads.Add(new JobPayload
            {
                JobId = id, PersonId = personId, Content = input, KeyId = personId.ToString("N"), Length = input.Length,
            });
        }

        await context.SaveChangesAsync();
    }

    /// <summary>
    /// Waits until the instance with process id <paramref name="processId"/> runs at least
    /// <paramref name="claims"/> claimed jobs, so that killing it then interrupts claimed work.
    /// </summary>
    /// <returns>The number of jobs it was running.</returns>
    private static async Task<int> WaitUntilHoldingAsync(SkinsightStore store, int processId, int claims)
    {
        // Worker ids contain the process id between hyphens.
        string marker = $"-{processId}-";
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var context = store.CreateContext();
            var owners = await context.Jobs.Where(j => j.State == JobState.Running).Select(j => j.LeaseOwner).ToListAsync();
            int held = owners.Count(o => o is not null && o.Contains(marker, StringComparison.Ordinal));
            if (held >= claims)
            {
                return held;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"The instance with process id {processId} never held {claims} jobs at once within 30 s.");
    }

    private static async Task<int> CountSucceededAsync(SkinsightStore store) =>
        (await store.CountJobsByStateAsync()).GetValueOrDefault(JobState.Succeeded);

    private static async Task WaitForSucceededAsync(SkinsightStore store, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await CountSucceededAsync(store) >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        var counts = await store.CountJobsByStateAsync();
        throw new TimeoutException(
            $"Only {counts.GetValueOrDefault(JobState.Succeeded)} of {count} jobs succeeded within {timeout.TotalSeconds} s; "
            + $"by state: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}.");
    }

    private static Server StartServer(TempFolder folder, string database)
    {
        int port = FreePort();
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
            "--workers", $"{WorkersPerInstance}", "--job-poll", "0.05", "--job-lease", $"{LeaseSeconds}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Server(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    private static string CliAssembly()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "skinsight.dll");
        return File.Exists(Path.Combine(AppContext.BaseDirectory, "skinsight.runtimeconfig.json"))
            ? beside
            : throw new InvalidOperationException($"skinsight.runtimeconfig.json is missing from {AppContext.BaseDirectory}; build the test project.");
    }

    private static async Task WaitUntilHealthyAsync(Server server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            Assert.False(server.Process.HasExited, $"the server exited with code {(server.Process.HasExited ? server.Process.ExitCode : 0)} before it was healthy");
            try
            {
                using var response = await server.Http.GetAsync("/health");
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

    /// <summary>One serve process and a client on its address; disposing kills the process if it still runs.</summary>
    private sealed record Server(Process Process, HttpClient Http) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit();
            }

            Process.Dispose();
            Http.Dispose();
        }
    }
}
