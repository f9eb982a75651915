using System.Globalization;

namespace Skinsight.Bench.Tracking;

/// <summary>Command-line options of the tracking benchmark.</summary>
internal sealed record BenchOptions(string Database, int People, int CheckIns, int Samples, int Warmup, int Seed, bool Reuse)
{
    public static BenchOptions? Parse(string[] args)
    {
        string? database = null;
        int people = 10_000, checkIns = 1_000_000, samples = 200, warmup = 20, seed = 1;
        bool reuse = false;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--db": database = value; i++; break;
                case "--people": people = ParseCount(value, args[i]); i++; break;
                case "--checkins": checkIns = ParseCount(value, args[i]); i++; break;
                case "--samples": samples = ParseCount(value, args[i]); i++; break;
                case "--warmup": warmup = ParseCount(value, args[i]); i++; break;
                case "--seed": seed = ParseCount(value, args[i]); i++; break;
                case "--reuse": reuse = true; break;
                default:
                    Console.Error.WriteLine($"skinsight-bench-tracking: unknown option '{args[i]}'.");
                    return null;
            }
        }

        if (database is null)
        {
            Console.Error.WriteLine("skinsight-bench-tracking: --db is missing; pass a PostgreSQL connection string.");
            return null;
        }

        return new BenchOptions(database, people, checkIns, samples, warmup, seed, reuse);
    }

    private static int ParseCount(string? value, string option) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
            ? count
            : throw new ArgumentException($"{option} needs a positive whole number, not '{value}'.");
}
