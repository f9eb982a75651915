using System.Diagnostics;
using System.Globalization;
using nietras.SeparatedValues;
using Skinsight.Application.Composition;
using Skinsight.Catalog.Import;
using Skinsight.Core.Catalog;

namespace Skinsight.Bench.Catalog;

/// <summary>
/// Times the catalog import of a generated catalog of real products: reading and parsing alone, the first import
/// into a fresh SQLite store (every product inserted) and a second import of the same file (every product
/// unchanged).
/// </summary>
internal static class ImportBenchmark
{
    private static readonly string[] Sources =
    [
        "sephora-products-2023/product_info.csv",
        "sephora-cosmetics-1472/cosmetics.csv",
        "lookfantastic-skincare-products/skincare_products_clean.csv",
    ];

    public static int Run(BenchOptions options)
    {
        Directory.CreateDirectory(options.OutputFolder);
        string catalog = Path.Combine(options.OutputFolder, "catalog.csv");
        string database = Path.Combine(options.OutputFolder, "bench.db");
        foreach (string file in Directory.GetFiles(options.OutputFolder, "bench.db*"))
        {
            File.Delete(file);
        }

        int sourceProducts = WriteCatalog(options, catalog);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"catalog: {options.Products:N0} rows from {sourceProducts:N0} real products, {new FileInfo(catalog).Length / 1024.0 / 1024.0:0.0} MB"));

        Measure("read and parse (cold)", () => CatalogReader.Read(catalog).Count(r => r.Imported));
        Measure("read and parse (warm)", () => CatalogReader.Read(catalog).Count(r => r.Imported));

        using SkinsightServices services = SkinsightServices.OpenAsync(database).GetAwaiter().GetResult();
        Measure("first import into SQLite", () => Import(services, catalog, r => r.Imported));
        Measure("second import (unchanged)", () => Import(services, catalog, r => r.Unchanged));
        return 0;
    }

    private static int Import(SkinsightServices services, string catalog, Func<Application.Catalog.ImportReport, int> count)
    {
        var report = services.CatalogImport.ImportAsync(catalog).GetAwaiter().GetResult();
        if (report.Skipped > 0)
        {
            Console.WriteLine($"  {report.Skipped} rows skipped, first: {report.SkippedRows[0].Reason}");
        }

        return count(report);
    }

    private static void Measure(string label, Func<int> action)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int products = action();
        clock.Stop();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {products:N0} products in {clock.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU"));
    }

    /// <summary>
    /// Writes <see cref="BenchOptions.Products"/> rows of a generic CSV catalog, repeating the real skincare
    /// products of the three catalogs in turn with a copy number in the id, and returns how many real products
    /// there were. The raw ingredient text is kept, so every row is parsed as the original was.
    /// </summary>
    private static int WriteCatalog(BenchOptions options, string path)
    {
        List<Product> products = [.. Sources
            .Select(s => Path.Combine(options.DataFolder, s))
            .Where(File.Exists)
            .SelectMany(p => CatalogReader.Read(p))
            .Where(r => r.Imported)
            .Select(r => r.Product!)];
        if (products.Count == 0)
        {
            throw new InvalidOperationException($"No real catalog was found under {options.DataFolder}; pass --data DIR.");
        }

        using SepWriter writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);
        for (int i = 0; i < options.Products; i++)
        {
            Product product = products[i % products.Count];
            using var row = writer.NewRow();
            row["id"].Set($"{product.Key}#{i / products.Count}");
            row["name"].Set(product.Name);
            row["brand"].Set(product.Brand);
            row["category"].Set(product.SourceCategory);
            row["price"].Set(product.Price?.ToString(CultureInfo.InvariantCulture) ?? "");
            row["rating"].Set(product.Rating?.ToString(CultureInfo.InvariantCulture) ?? "");
            row["reviews"].Set(product.ReviewCount?.ToString(CultureInfo.InvariantCulture) ?? "");
            row["ingredients"].Set(product.IngredientsRaw);
        }

        return products.Count;
    }
}
