namespace Skinsight.Bench.Load;

/// <summary>A photo read into memory, with the file name it is uploaded under.</summary>
internal sealed record Photo(string FileName, string ContentType, byte[] Bytes);

/// <summary>Reads the photos the clients upload.</summary>
internal static class PhotoSet
{
    private static readonly Dictionary<string, string> s_contentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
    };

    /// <summary>Reads up to <paramref name="count"/> photos, evenly spaced in ordinal file-name order, from <paramref name="folder"/> and its subfolders.</summary>
    /// <exception cref="ArgumentException">The folder does not exist or contains no JPEG, PNG or WebP file.</exception>
    public static IReadOnlyList<Photo> Load(string folder, int count)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"--photos folder '{folder}' does not exist; pass a folder of face photos.");
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => s_contentTypes.ContainsKey(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"--photos folder '{folder}' contains no .jpg, .jpeg, .png or .webp file; pass a folder of face photos.");
        }

        int taken = Math.Min(count, files.Count);
        return Enumerable.Range(0, taken)
            .Select(i => files[(int)((long)i * files.Count / taken)])
            .Select(f => new Photo(Path.GetFileName(f), s_contentTypes[Path.GetExtension(f)], File.ReadAllBytes(f)))
            .ToList();
    }
}
