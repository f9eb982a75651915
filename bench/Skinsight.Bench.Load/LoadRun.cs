using System.Diagnostics;
using System.Globalization;

namespace Skinsight.Bench.Load;

/// <summary>Signs up the clients, runs them for the configured duration and gathers the report.</summary>
internal sealed class LoadRun(LoadOptions options, IReadOnlyList<Photo> photos, TextWriter progress)
{
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromSeconds(10);

    /// <exception cref="SetupFailedException">The server rejected a sign-up or consent.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached during setup.</exception>
    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        // A fresh prefix per run, so repeated runs against one store never collide on handles.
        string runId = Guid.NewGuid().ToString("N")[..8];
        progress.WriteLine($"signing up {options.Clients} accounts load-{runId}-N on {options.BaseUrl}");
        var clients = await Task.WhenAll(Enumerable.Range(0, options.Clients)
            .Select(i => LoadClient.SignUpAsync(options, $"load-{runId}-{i}", cancellationToken)));
        try
        {
            return await RunClientsAsync(clients, cancellationToken);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Returns the first three fields of <c>/proc/loadavg</c>, or "unknown" where it cannot be read.</summary>
    public static string ReadLoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private async Task<LoadReport> RunClientsAsync(LoadClient[] clients, CancellationToken cancellationToken)
    {
        using var tally = new LoadTally(options.MaxAnalyses);
        // Each in-flight analysis has its own timeout, so this hard stop only guards against a hang.
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(options.Duration + options.RequestTimeout + TimeSpan.FromSeconds(30));
        using var stopWatching = new CancellationTokenSource();
        using var userStop = cancellationToken.Register(() => tally.Abort("stopped by the user"));
        var sampler = options.ServerPid is { } pid ? new MemorySampler(pid) : null;
        string loadBefore = ReadLoadAverage();
        var cpuBefore = sampler?.ReadCpuTime();
        using var self = Process.GetCurrentProcess();
        var clientCpuBefore = self.TotalProcessorTime;

        var clock = Stopwatch.StartNew();
        tally.StopStartingAfter(options.Duration);
        var sampling = sampler?.RunAsync(options.SampleInterval, clock, stopWatching.Token) ?? Task.CompletedTask;
        var reporting = ReportProgressAsync(tally, sampler, clock, stopWatching.Token);
        await Task.WhenAll(clients.Select((client, i) => client.RunAsync(photos, i, tally, hardStop.Token)));
        double elapsed = clock.Elapsed.TotalSeconds;
        var cpuAfter = sampler?.ReadCpuTime();
        self.Refresh();
        var clientCpu = self.TotalProcessorTime - clientCpuBefore;
        await stopWatching.CancelAsync();
        await Task.WhenAll(sampling, reporting);

        int completed = tally.CompletedCount;
        double? cpuSeconds = cpuBefore is { } before && cpuAfter is { } after ? (after - before).TotalSeconds : null;
        var (errors, details) = tally.Errors();
        return new LoadReport(
            options.Mode.ToString().ToLowerInvariant(),
            options.BaseUrl.ToString(),
            options.Clients,
            photos.Count,
            options.Duration.TotalSeconds,
            elapsed,
            tally.Started,
            completed,
            tally.Rejected,
            tally.ErrorCount,
            completed / elapsed,
            LatencySummary.From(tally.SortedLatencies()),
            errors,
            details,
            sampler is null ? null : MemorySummary.From(sampler.Pid, sampler.Samples, elapsed),
            cpuSeconds is { } cpu && completed > 0 ? cpu * 1000 / completed : null,
            cpuSeconds / elapsed,
            clientCpu.TotalSeconds / elapsed,
            tally.AbortReason,
            loadBefore,
            ReadLoadAverage(),
            Environment.ProcessorCount);
    }

    /// <summary>Writes one line every 10 s: analyses so far, errors, throughput and the server's memory.</summary>
    private async Task ReportProgressAsync(LoadTally tally, MemorySampler? sampler, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_progressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                double seconds = clock.Elapsed.TotalSeconds;
                int completed = tally.CompletedCount;
                string memory = sampler?.Samples is [.., var last] ? $", server {last.Megabytes:0} MiB" : "";
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{seconds,5:0} s: {completed} analyses, {tally.Rejected} rejected, {tally.ErrorCount} errors, {completed / seconds:0.00}/s{memory}"));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended, so there is nothing more to report.
        }
    }
}
