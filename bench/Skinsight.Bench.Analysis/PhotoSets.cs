namespace Skinsight.Bench.Analysis;

/// <summary>Picks photos from the image data sets: evenly spaced files in name order, so runs are repeatable.</summary>
internal static class PhotoSets
{
    public const string Acne = "acne04-roboflow";
    public const string Utk = "utkface-crop-part1";

    /// <summary>Returns <paramref name="count"/> photos of <paramref name="set"/>, spread evenly over the folder.</summary>
    public static List<string> Pick(string imagesRoot, string set, int count, int offset = 0)
    {
        string folder = Path.Combine(imagesRoot, set, "images");
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The photo folder {folder} does not exist: pass --images <folder>.");
        }

        string[] files = Directory.GetFiles(folder)
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (count <= 0 || files.Length == 0)
        {
            return [];
        }

        double stride = Math.Max(1, (double)files.Length / count);
        return Enumerable.Range(0, Math.Min(count, files.Length))
            .Select(i => files[((int)(i * stride) + offset) % files.Length])
            .ToList();
    }

    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = values.Order().ToArray();
        double rank = percent / 100 * (sorted.Length - 1);
        int lower = (int)Math.Floor(rank);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((rank - lower) * (sorted[upper] - sorted[lower]));
    }
}
