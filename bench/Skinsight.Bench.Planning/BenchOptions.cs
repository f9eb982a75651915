using System.Globalization;

namespace Skinsight.Bench.Planning;

/// <summary>Command-line options of the planning bench.</summary>
internal sealed record BenchOptions
{
    public string Catalog { get; init; } = "/work/shared/data/sephora-products-2023/product_info.csv";

    public int Profiles { get; init; } = 2000;

    /// <summary>Ranker model file; null for the shipped one, <c>none</c> for the transparent scorer.</summary>
    public string? Model { get; init; }

    /// <summary>SQLite file to import into and keep; null for a temporary file deleted at the end.</summary>
    public string? Db { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i += 2)
        {
            string value = i + 1 < args.Length
                ? args[i + 1]
                : throw new ArgumentException($"The option {args[i]} needs a value.");
            options = args[i] switch
            {
                "--catalog" => options with { Catalog = value },
                "--profiles" => options with { Profiles = int.Parse(value, CultureInfo.InvariantCulture) },
                "--model" => options with { Model = value },
                "--db" => options with { Db = value },
                _ => throw new ArgumentException(
                    $"Unknown option {args[i]}. Use --catalog CSV, --profiles N, --model ZIP|none or --db FILE."),
            };
        }

        return options;
    }
}
