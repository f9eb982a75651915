using Skinsight.Bench.Load;
using Spectre.Console;

// Usage: skinsight-bench-load [--url http://127.0.0.1:5080] [--mode sync|jobs] [--clients N] [--duration 2m]
//        [--photos DIR] [--server-pid PID] [--json]   (--help lists every option)
//   Signs up one account per client, gives each the analysis consent, then has the clients upload real photos
//   for the duration and reports throughput, latency percentiles, errors by status and the server's memory.
LoadOptions? options;
IReadOnlyList<Photo> photos;
try
{
    options = LoadOptions.Parse(args);
    if (options is null)
    {
        Console.WriteLine(LoadOptions.Usage);
        return 0;
    }

    photos = PhotoSet.Load(options.PhotoFolder, options.PhotoCount);
    if (options.ServerPid is { } pid && new MemorySampler(pid).ReadResidentMegabytes() is null)
    {
        throw new ArgumentException($"--server-pid {pid}: no such process, or its /proc/{pid}/status is unreadable; pass the PID of 'skinsight serve'.");
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"skinsight-bench-load: {e.Message}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

LoadReport report;
try
{
    report = await new LoadRun(options, photos, Console.Error).RunAsync(stop.Token);
}
catch (SetupFailedException e)
{
    Console.Error.WriteLine($"skinsight-bench-load: {e.Message}");
    return 1;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"skinsight-bench-load: failed to connect to {options.BaseUrl} ({e.Message}); start 'skinsight serve' there first.");
    return 1;
}

if (options.Json)
{
    Console.WriteLine(report.ToJson());
}
else
{
    // Spectre.Console assumes 80 columns when stdout is a file, which wraps most rows of the table.
    if (Console.IsOutputRedirected)
    {
        AnsiConsole.Console.Profile.Width = 140;
    }

    report.WriteTable(AnsiConsole.Console);
}

return report.AbortReason is null ? 0 : 1;
