using SkiaSharp;

namespace Skinsight.Learning.Tests;

/// <summary>Writes small synthetic JPEGs for tests that need image files.</summary>
internal static class TestImages
{
    public static void WriteSolid(string path, int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using SKData encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, encoded.ToArray());
    }

    /// <summary>Writes a DermaMNIST-style folder: metadata.csv and one JPEG per (label, split) row.</summary>
    public static void WriteDataSet(string folder, IReadOnlyList<(int Label, string Split)> rows)
    {
        var lines = new List<string> { "image_id,lesion_id,dx,dermamnist_label,dermamnist_split,image_file" };
        for (int i = 0; i < rows.Count; i++)
        {
            string id = $"ISIC_{i:D7}";
            string file = $"images/{id}.jpg";
            var colour = new SKColor((byte)(30 * rows[i].Label), (byte)(200 - (20 * rows[i].Label)), 120);
            WriteSolid(Path.Combine(folder, file), 20, 15, colour);
            lines.Add($"{id},HAM_{i:D7},x,{rows[i].Label},{rows[i].Split},{file}");
        }

        File.WriteAllLines(Path.Combine(folder, "metadata.csv"), lines);
    }
}
