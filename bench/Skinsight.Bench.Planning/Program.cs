using System.Diagnostics;
using System.Globalization;
using Skinsight.Application.Composition;
using Skinsight.Application.Plans;
using Skinsight.Bench.Planning;
using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning;
using Skinsight.Planning.Safety;

// Usage: skinsight-bench-planning [--catalog CSV] [--profiles N] [--model ZIP|none] [--db FILE]
// Imports the catalog into a fresh SQLite store, loads the products the planner gets, then plans for N profiles
// twice: a cold pass (model scores and group lists computed on demand) and a warm pass. Prints per-plan times.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
string db = options.Db ?? Path.Combine(Path.GetTempPath(), $"skinsight-bench-planning-{Environment.ProcessId}.db");
try
{
    return await RunAsync(options, db);
}
finally
{
    if (options.Db is null)
    {
        File.Delete(db);
    }
}

static async Task<int> RunAsync(BenchOptions options, string db)
{
    using var services = await SkinsightServices.OpenAsync(db);
    if (await services.Store.CountProductsAsync() == 0)
    {
        var report = await services.CatalogImport.ImportAsync(options.Catalog);
        Console.WriteLine($"imported {report.Imported} products from {options.Catalog}");
    }

    IReadOnlyList<Product> catalog = await services.Store.LoadProductsAsync(PlanService.SkincareCategories);
    RoutinePlanner planner = options.Model == "none"
        ? new RoutinePlanner(Skinsight.Planning.Knowledge.CatalogKnowledge.LoadDefault())
        : RoutinePlanner.CreateDefault(options.Model);
    List<(SkinProfile Profile, IReadOnlyList<ProductExperience> History)> cases = BenchProfiles.Create(options.Profiles, catalog);

    long start = Stopwatch.GetTimestamp();
    planner.Build(new SkinProfile(), null, catalog);
    double firstMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    Console.WriteLine($"catalog: {catalog.Count} products; scorer: {planner.Scorer.Name}; first plan (index, model load): {firstMs:0.0} ms");

    (double[] coldWall, double[] coldCpu) = Time(planner, catalog, cases, out int withProducts);
    Report("cold pass, wall", coldWall);
    Report("cold pass, thread processor time", coldCpu);
    (double[] warmWall, double[] warmCpu) = Time(planner, catalog, cases, out withProducts);
    Report("warm pass, wall", warmWall);
    Report("warm pass, thread processor time", warmCpu);
    Console.WriteLine($"plans with a catalog product in every step: {withProducts} of {cases.Count}");
    return 0;
}

static (double[] Wall, double[] Cpu) Time(
    RoutinePlanner planner,
    IReadOnlyList<Product> catalog,
    List<(SkinProfile Profile, IReadOnlyList<ProductExperience> History)> cases,
    out int complete)
{
    var wall = new double[cases.Count];
    var cpu = new double[cases.Count];
    complete = 0;
    TimeSpan processBefore = Process.GetCurrentProcess().TotalProcessorTime;
    for (int i = 0; i < cases.Count; i++)
    {
        double cpuStart = ThreadClock.IsAvailable ? ThreadClock.NowMs() : 0;
        long start = Stopwatch.GetTimestamp();
        SkincarePlan plan = planner.Build(cases[i].Profile, null, catalog, cases[i].History);
        wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        cpu[i] = ThreadClock.IsAvailable ? ThreadClock.NowMs() - cpuStart : double.NaN;
        complete += plan.Am.Concat(plan.Pm).All(s => s.Product is not null) ? 1 : 0;
    }

    // The whole process's processor time also counts the garbage collector and JIT threads.
    double processMs = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalMilliseconds;
    Console.WriteLine($"process processor time per plan: {processMs / cases.Count:0.00} ms");
    return (wall, cpu);
}

static void Report(string label, double[] times)
{
    double[] sorted = [.. times.Order()];
    Console.WriteLine(
        $"{label}: {sorted.Length} plans; mean {sorted.Average():0.00} ms, p50 {Percentile(sorted, 50):0.00}, "
        + $"p95 {Percentile(sorted, 95):0.00}, p99 {Percentile(sorted, 99):0.00}, max {sorted[^1]:0.00} ms");
}

// Nearest-rank percentile of an ascending array.
static double Percentile(double[] sorted, double percent) =>
    sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
