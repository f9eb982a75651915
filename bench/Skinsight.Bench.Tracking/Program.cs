using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Skinsight.Application.Tracking;
using Skinsight.Bench.Tracking;
using Skinsight.Data;

// Usage: skinsight-bench-tracking --db "Host=...;Database=...;Username=..." [--people N] [--checkins N]
//        [--samples N] [--warmup N] [--seed N] [--reuse]
//   Fills an empty PostgreSQL database with synthetic people and check-ins, then times the progress dashboard
//   of randomly drawn people. With --reuse it skips the fill and times the people already in the database.
//   The data are synthetic load only and never stand for real people.
var options = BenchOptions.Parse(args);
if (options is null)
{
    return 2;
}

var spec = StoreSpec.Parse(options.Database);
if (spec.Provider != StoreProvider.Postgres)
{
    Console.Error.WriteLine("skinsight-bench-tracking: --db must be a PostgreSQL connection string (Host=...).");
    return 2;
}

var store = await StoreFactory.OpenAsync(spec);
IReadOnlyList<Guid> people;
if (options.Reuse)
{
    await using var context = store.CreateContext();
    people = await context.People.Select(p => p.Id).ToListAsync();
    Console.WriteLine($"reusing {people.Count} people and {await context.CheckIns.CountAsync()} check-ins");
}
else
{
    var filler = new CheckInFiller(spec.ConnectionString, options.Seed, store.Keys);
    var fill = Stopwatch.StartNew();
    people = await filler.FillAsync(options.People, options.CheckIns);
    fill.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"filled {options.People} people, {filler.CheckInRows} check-ins, {filler.ValueRows} values, {filler.StepRows} step uses in {fill.Elapsed.TotalSeconds:0.0} s"));
}

var progress = new ProgressService(store);
var random = new Random(options.Seed + 1);
var dashboard = new List<double>();
var load = new List<double>();
var cpu = new List<double>();
var process = Process.GetCurrentProcess();
for (int i = 0; i < options.Warmup + options.Samples; i++)
{
    var personId = people[random.Next(people.Count)];
    var loadTimer = Stopwatch.StartNew();
    await store.LoadCheckInHistoryAsync(personId);
    loadTimer.Stop();

    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var timer = Stopwatch.StartNew();
    var result = await progress.GetDashboardAsync(personId);
    timer.Stop();
    process.Refresh();
    var cpuUsed = process.TotalProcessorTime - cpuBefore;
    if (result.Measures.Count == 0)
    {
        throw new InvalidOperationException($"Person {personId} has no measures; the fill failed.");
    }

    if (i >= options.Warmup)
    {
        dashboard.Add(timer.Elapsed.TotalMilliseconds);
        load.Add(loadTimer.Elapsed.TotalMilliseconds);
        cpu.Add(cpuUsed.TotalMilliseconds);
    }
}

Report("dashboard (load + trends + effects + advice)", dashboard);
Report("history load only", load);

// CPU time of this process per dashboard (the database server's time is not included). On a shared machine
// it varies less with other load than wall time does.
Report("dashboard client CPU time", cpu);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores"));
return 0;

static void Report(string name, List<double> milliseconds)
{
    milliseconds.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: n={milliseconds.Count} p50={Percentile(milliseconds, 0.50):0.0} ms p95={Percentile(milliseconds, 0.95):0.0} ms p99={Percentile(milliseconds, 0.99):0.0} ms max={milliseconds[^1]:0.0} ms"));
}

// Nearest-rank percentile of sorted values.
static double Percentile(List<double> sorted, double p) =>
    sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
