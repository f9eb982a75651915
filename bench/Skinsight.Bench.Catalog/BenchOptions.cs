namespace Skinsight.Bench.Catalog;

/// <summary>Command-line options of the catalog benchmark.</summary>
/// <param name="DataFolder">The shared data folder holding the real catalogs.</param>
/// <param name="Products">Rows in the generated catalog.</param>
/// <param name="OutputFolder">Where the generated catalog and the SQLite store are written.</param>
internal sealed record BenchOptions(string DataFolder, int Products, string OutputFolder)
{
    public static BenchOptions Parse(string[] args)
    {
        string data = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "..", "shared", "data"));
        int products = 8_500;
        string output = Path.Combine(Path.GetTempPath(), "skinsight-bench-catalog");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--data":
                    data = args[i + 1];
                    break;
                case "--products":
                    products = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'; use --data DIR, --products N or --out DIR.");
            }
        }

        if (args.Length % 2 != 0)
        {
            throw new ArgumentException($"Option '{args[^1]}' has no value.");
        }

        return new BenchOptions(data, products, output);
    }
}
