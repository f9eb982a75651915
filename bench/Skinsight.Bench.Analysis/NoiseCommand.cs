using System.Collections.Concurrent;
using Skinsight.Core.Analysis;
using Skinsight.Vision;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Estimates each measure's noise, the standard deviation of its score over re-takes of the same photo. Re-takes are
/// simulated by four perturbations, drawn per photo with a seed from its file name: re-exposure by x0.9-x1.1, JPEG
/// re-compression at quality 60-95, rescaling by 0.8-1.2 and rotation by up to 5 degrees. Photos rejected in any
/// variant, or analysed in another mode, are left out.
/// </summary>
internal static class NoiseCommand
{
    public static int Execute(BenchOptions options)
    {
        using var analyzer = new SkinAnalyzer();
        var photos = PhotoSets.Pick(options.Images, PhotoSets.Acne, options.Acne)
            .Concat(PhotoSets.Pick(options.Images, PhotoSets.Utk, options.Utk))
            .ToList();

        var deviations = new ConcurrentBag<(string Set, Dictionary<string, double> Std)>();
        int rejected = 0;
        Parallel.ForEach(photos, new ParallelOptions { MaxDegreeOfParallelism = 2 }, path =>
        {
            byte[] original = File.ReadAllBytes(path);
            var random = new Random(StableSeed(Path.GetFileName(path)));
            byte[][] variants =
            [
                original,
                Degrade.Expose(original, 0.9 + (0.2 * random.NextDouble())),
                Degrade.Recompress(original, random.Next(60, 96)),
                Degrade.Rescale(original, 0.8 + (0.4 * random.NextDouble())),
                Degrade.Rotate(original, -5 + (10 * random.NextDouble())),
            ];

            var analyses = variants.Select(v => analyzer.Analyze(v)).ToList();
            if (analyses.Any(a => !a.Quality.Accepted) || analyses.Select(a => a.Mode).Distinct().Count() > 1)
            {
                Interlocked.Increment(ref rejected);
                return;
            }

            var std = new Dictionary<string, double>();
            foreach (string measure in analyses[0].Metrics.Keys)
            {
                if (analyses.All(a => a.Metrics.ContainsKey(measure)))
                {
                    std[measure] = StdDev(analyses.Select(a => a.Metrics[measure].Score).ToList());
                }
            }

            string set = path.Contains(PhotoSets.Acne, StringComparison.Ordinal) ? PhotoSets.Acne : PhotoSets.Utk;
            deviations.Add((set, std));
        });

        Console.WriteLine(
            $"{photos.Count} photos, {deviations.Count} kept ({rejected} rejected or changing mode in a variant)");
        Console.WriteLine("measure       all: median / RMS std   acne04: median / RMS   utkface: median / RMS");
        foreach (string measure in deviations.SelectMany(d => d.Std.Keys).Distinct().Order())
        {
            string Summary(IEnumerable<(string Set, Dictionary<string, double> Std)> rows)
            {
                var values = rows.Where(r => r.Std.ContainsKey(measure)).Select(r => r.Std[measure]).ToList();
                return values.Count == 0
                    ? "-"
                    : $"{PhotoSets.Percentile(values, 50),5:F1} / {Math.Sqrt(values.Average(v => v * v)),5:F1} (n={values.Count})";
            }

            Console.WriteLine(
                $"{measure,-12} {Summary(deviations)}   {Summary(deviations.Where(d => d.Set == PhotoSets.Acne))}   " +
                $"{Summary(deviations.Where(d => d.Set == PhotoSets.Utk))}");
        }

        return 0;
    }

    /// <summary>Returns a seed from the file name that is the same in every run (string.GetHashCode is not).</summary>
    private static int StableSeed(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static double StdDev(List<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
