using System.Diagnostics;
using Skinsight.Catalog.Import;
using Skinsight.Catalog.Ingredients;
using Skinsight.Testing;
using Xunit.Abstractions;

namespace Skinsight.Catalog.Tests;

[CollectionDefinition(nameof(CatalogSpeedTests), DisableParallelization = true)]
public sealed class SpeedCollection;

/// <summary>
/// Measures import speed on the real catalogs and prints the numbers that docs/catalog.md records. Runs alone, so
/// other tests do not share the CPU while it measures. The limit is checked on process CPU time, because wall time
/// on a shared build machine mostly measures the other jobs.
/// </summary>
[Collection(nameof(CatalogSpeedTests))]
public class CatalogSpeedTests(ITestOutputHelper output)
{
    private const string Sephora = "sephora-products-2023/product_info.csv";
    private const string Cosmetics = "sephora-cosmetics-1472/cosmetics.csv";
    private const string LookFantastic = "lookfantastic-skincare-products/skincare_products_clean.csv";
    private const string Cosing = "eu-cosing-inventory/cosing.csv";

    [SharedDataFact(Sephora, Cosmetics, LookFantastic)]
    public void Read_RealCatalogs_FastEnough()
    {
        foreach (string relative in new[] { Sephora, Cosmetics, LookFantastic })
        {
            Pass first = Time(SharedData.PathOf(relative));
            Pass second = Time(SharedData.PathOf(relative));
            output.WriteLine(
                $"{relative}: {first.Rows} rows, {first.Imported} imported; " +
                $"first pass {first.WallMs:F0} ms wall, {first.CpuMs:F0} ms CPU; " +
                $"second pass {second.WallMs:F0} ms wall, {second.CpuMs:F0} ms CPU " +
                $"({second.CpuMs / first.Rows * 8500:F0} ms CPU per 8,500 rows)");

            double cpuPer8500 = first.CpuMs / first.Rows * 8500;
            Assert.True(cpuPer8500 < 5000, $"{relative}: first pass {first.CpuMs:F0} ms CPU for {first.Rows} rows");
        }
    }

    [SharedDataFact(Sephora, Cosing)]
    public void Resolve_SephoraIngredients_Over95Percent()
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuStart = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        CosingInventory inventory = CosingInventory.Load(SharedData.PathOf(Cosing));
        double loadMs = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        TimeSpan cpuLoaded = process.TotalProcessorTime;
        IReadOnlyList<string>[] lists =
            [.. CatalogReader.Read(SharedData.PathOf(Sephora)).Where(r => r.Imported).Select(r => r.Product!.Ingredients)];
        watch.Restart();
        process.Refresh();
        TimeSpan cpuImported = process.TotalProcessorTime;

        InciResolutionReport report = InciResolutionReport.Build(lists, inventory, topCount: 10);

        process.Refresh();
        output.WriteLine(
            $"CosIng: {inventory.Count} names loaded in {loadMs:F0} ms wall, " +
            $"{(cpuLoaded - cpuStart).TotalMilliseconds:F0} ms CPU");
        output.WriteLine(
            $"Sephora: {lists.Length} products, {report.Tokens} tokens, {report.ResolvedShare:P2} resolved in " +
            $"{watch.Elapsed.TotalMilliseconds:F0} ms wall, {(process.TotalProcessorTime - cpuImported).TotalMilliseconds:F0} ms CPU " +
            $"({string.Join(", ", report.ByKind.Select(k => $"{k.Key} {k.Value}"))})");
        output.WriteLine("Most frequent unresolved: " + string.Join("; ", report.TopUnresolved.Select(p => $"{p.Key} ({p.Value})")));
        Assert.True(report.ResolvedShare >= 0.95, $"resolved share {report.ResolvedShare:P2}");
    }

    private static Pass Time(string path)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        int rows = 0;
        int imported = 0;
        foreach (ImportRecord record in CatalogReader.Read(path))
        {
            rows++;
            imported += record.Imported ? 1 : 0;
        }

        double wallMs = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        return new Pass(rows, imported, wallMs, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }

    private sealed record Pass(int Rows, int Imported, double WallMs, double CpuMs);
}
