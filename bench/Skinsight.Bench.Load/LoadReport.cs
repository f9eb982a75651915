using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Skinsight.Bench.Load;

/// <summary>Latency of completed analyses in milliseconds, with null values when none completed.</summary>
internal sealed record LatencySummary(int Count, double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs)
{
    public static LatencySummary From(List<double> sortedMs) => new(
        sortedMs.Count,
        Finite(Percentiles.NearestRank(sortedMs, 0.50)),
        Finite(Percentiles.NearestRank(sortedMs, 0.95)),
        Finite(Percentiles.NearestRank(sortedMs, 0.99)),
        sortedMs.Count > 0 ? sortedMs[^1] : null);

    private static double? Finite(double value) => double.IsNaN(value) ? null : value;
}

/// <summary>The server's resident memory over the run, in MiB.</summary>
/// <param name="FirstMinuteMedianMb">Median of the samples taken in the first 60 s of load.</param>
/// <param name="LastMinuteMedianMb">Median of the samples taken in the last 60 s. In runs under 2 minutes it overlaps the first minute.</param>
/// <param name="MinuteMediansMb">Median of each whole or partial minute of load, which shows a warm-up apart from a steady rise.</param>
internal sealed record MemorySummary(
    int Pid,
    double? FirstMinuteMedianMb,
    double? LastMinuteMedianMb,
    double? MaxMb,
    IReadOnlyList<double> MinuteMediansMb,
    IReadOnlyList<MemorySample> Samples)
{
    public static MemorySummary From(int pid, IReadOnlyList<MemorySample> samples, double elapsedSeconds)
    {
        var firstMinute = samples.Where(s => s.Seconds < 60).Select(s => s.Megabytes).ToList();
        var lastMinute = samples.Where(s => s.Seconds >= elapsedSeconds - 60).Select(s => s.Megabytes).ToList();
        return new MemorySummary(
            pid,
            firstMinute.Count > 0 ? Percentiles.Median(firstMinute) : null,
            lastMinute.Count > 0 ? Percentiles.Median(lastMinute) : null,
            samples.Count > 0 ? samples.Max(s => s.Megabytes) : null,
            samples.GroupBy(s => (int)(s.Seconds / 60))
                .OrderBy(minute => minute.Key)
                .Select(minute => Percentiles.Median(minute.Select(s => s.Megabytes)))
                .ToList(),
            samples);
    }
}

/// <summary>The result of one load run, printed as a table or as JSON.</summary>
/// <param name="ElapsedSeconds">From the first upload to the end of the last one, including the drain after the duration.</param>
/// <param name="AnalysesPerSecond">Completed analyses divided by <paramref name="ElapsedSeconds"/>.</param>
/// <param name="Rejected">
/// Photos the quality gate rejected, with a 422 or as a job failed with <c>failure: "photoRejected"</c> (not counted
/// as errors).
/// </param>
/// <param name="ErrorDetails">The first ProblemDetails detail or failure message seen for each error key.</param>
/// <param name="ServerCpuMsPerAnalysis">Server CPU time (user and system) during the load divided by completed analyses.</param>
/// <param name="ServerCpuCores">Server CPU time divided by elapsed time: the cores the server kept busy.</param>
/// <param name="ClientCpuCores">This benchmark's own CPU time divided by elapsed time, which a server on the same machine cannot use.</param>
internal sealed record LoadReport(
    string Mode,
    string Url,
    int Clients,
    int Photos,
    double DurationSeconds,
    double ElapsedSeconds,
    long Started,
    int Completed,
    long Rejected,
    long Errors,
    double AnalysesPerSecond,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    IReadOnlyDictionary<string, string> ErrorDetails,
    MemorySummary? ServerMemory,
    double? ServerCpuMsPerAnalysis,
    double? ServerCpuCores,
    double ClientCpuCores,
    string? AbortReason,
    string LoadAverageBefore,
    string LoadAverageAfter,
    int ProcessorCount)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Writes the report as a two-column table.</summary>
    public void WriteTable(IAnsiConsole console)
    {
        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value"));
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

        Row("mode, clients, photos", $"{Mode}, {Clients}, {Photos} ({Url})");
        Row("elapsed (duration + drain)", Format($"{ElapsedSeconds:0.0} s ({DurationSeconds:0} s of new uploads)"));
        Row("analyses completed", Format($"{Completed} of {Started} started"));
        Row("throughput", Format($"{AnalysesPerSecond:0.00} analyses/s"));
        Row("latency p50 / p95 / p99 / max", $"{Ms(Latency.P50Ms)} / {Ms(Latency.P95Ms)} / {Ms(Latency.P99Ms)} / {Ms(Latency.MaxMs)}");
        Row("rejected by the quality gate", Format($"{Rejected}"));
        Row("errors", Format($"{Errors}"));
        foreach (var (key, count) in ErrorsByStatus)
        {
            string detail = ErrorDetails.TryGetValue(key, out string? text) ? $": {text}" : "";
            Row($"  {key}", Format($"{count}{detail}"));
        }

        if (ServerMemory is { } memory)
        {
            Row("server RSS median, first / last minute", $"{Mb(memory.FirstMinuteMedianMb)} / {Mb(memory.LastMinuteMedianMb)}");
            Row("server RSS max", Format($"{Mb(memory.MaxMb)} over {memory.Samples.Count} samples"));
            Row("server RSS median per minute, MiB", string.Join(", ", memory.MinuteMediansMb.Select(m => Format($"{m:0}"))));
        }

        if (ServerCpuMsPerAnalysis is { } cpu)
        {
            Row("server CPU per analysis", Format($"{cpu:0.0} ms ({ServerCpuCores:0.00} cores busy)"));
        }

        Row("load generator CPU", Format($"{ClientCpuCores:0.00} cores busy"));
        Row("load average before / after", $"{LoadAverageBefore} / {LoadAverageAfter} on {ProcessorCount} cores");
        if (AbortReason is not null)
        {
            Row("stopped early", AbortReason);
        }

        console.Write(table);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is { } v ? Format($"{v:0} ms") : "-";

    private static string Mb(double? value) => value is { } v ? Format($"{v:0.0} MiB") : "-";
}
