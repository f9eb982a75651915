using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using Skinsight.Learning.Features;

namespace Skinsight.Learning.Acne;

/// <summary>Progress of a feature extraction: photos done, photos to do, and how many came from the cache.</summary>
public sealed record AcneExtractionProgress(int Done, int Total, int FromCache, double PhotosPerSecond);

/// <summary>
/// Extracts <see cref="AcnePhotoFeaturizer"/> features of photos and keeps them in a file, so that a second run on
/// the same photos skips the network.
/// </summary>
/// <remarks>
/// A cached row is keyed by the photo's full path, byte length and last write time, so a replaced photo is
/// extracted again. The file is rewritten every <see cref="SaveEvery"/> new photos, so an interrupted run keeps
/// most of its work.
/// </remarks>
public static class AcneFeatureCache
{
    private const int SaveEvery = 50;

    /// <summary>Bumped whenever the crops or the pooling change, so stale caches are not read.</summary>
    private const string FeatureVersion = "acne-v1";

    /// <summary>
    /// Returns the default cache file for <paramref name="dataDir"/>: a file named by a hash of its full path under
    /// the user's local application data folder, outside any repository.
    /// </summary>
    public static string DefaultPath(string dataDir)
    {
        string full = Path.GetFullPath(dataDir).TrimEnd(Path.DirectorySeparatorChar);
        string hash = Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(full)));
        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (string.IsNullOrEmpty(root))
        {
            root = Path.GetTempPath();
        }

        return Path.Combine(root, "skinsight", "feature-cache", $"{FeatureVersion}-{hash}.bin");
    }

    /// <summary>Returns the features of each photo in order, reading cached rows and extracting the rest.</summary>
    /// <param name="cachePath">Cache file to read and update, or null to extract everything without caching.</param>
    public static float[][] Extract(
        IReadOnlyList<AcnePhoto> photos,
        string? cachePath,
        IProgress<AcneExtractionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(photos);
        Dictionary<string, (int Grade, float[] Features)> cached = cachePath is not null && File.Exists(cachePath)
            ? Read(cachePath)
            : [];
        var features = new float[photos.Count][];
        int fromCache = 0;
        for (int i = 0; i < photos.Count; i++)
        {
            if (cached.TryGetValue(Key(photos[i]), out var row) && row.Features.Length == AcnePhotoFeaturizer.FeatureCount)
            {
                features[i] = row.Features;
                fromCache++;
            }
        }

        progress?.Report(new AcneExtractionProgress(fromCache, photos.Count, fromCache, 0));
        if (fromCache == photos.Count)
        {
            return features;
        }

        using var featurizer = new AcnePhotoFeaturizer();
        var clock = Stopwatch.StartNew();
        int extracted = 0;
        for (int i = 0; i < photos.Count; i++)
        {
            if (features[i] is not null)
            {
                continue;
            }

            features[i] = featurizer.Extract(photos[i].ImagePath);
            cached[Key(photos[i])] = (photos[i].Grade, features[i]);
            extracted++;
            if (cachePath is not null && extracted % SaveEvery == 0)
            {
                Write(cachePath, cached);
            }

            progress?.Report(new AcneExtractionProgress(
                fromCache + extracted, photos.Count, fromCache, extracted / clock.Elapsed.TotalSeconds));
        }

        if (cachePath is not null)
        {
            Write(cachePath, cached);
        }

        return features;
    }

    private static string Key(AcnePhoto photo)
    {
        var file = new FileInfo(photo.ImagePath);
        return $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}";
    }

    private static Dictionary<string, (int Grade, float[] Features)> Read(string path)
    {
        FeatureSet set;
        try
        {
            set = FeatureSet.Load(path);
        }
        catch (Exception e) when (e is ModelFormatException or IOException)
        {
            // An unreadable cache only costs time, so it is ignored and overwritten with fresh features.
            return new Dictionary<string, (int, float[])>(StringComparer.Ordinal);
        }

        var rows = new Dictionary<string, (int, float[])>(StringComparer.Ordinal);
        for (int i = 0; i < set.Count; i++)
        {
            rows[set.ImageIds[i]] = (set.Labels[i], set.Features[i]);
        }

        return rows;
    }

    private static void Write(string path, Dictionary<string, (int Grade, float[] Features)> rows)
    {
        // Written to a temporary file and moved, so an interrupted save leaves the previous cache whole.
        var set = new FeatureSet(
            rows.Keys.ToList(), rows.Values.Select(r => r.Grade).ToList(), rows.Values.Select(r => r.Features).ToArray());
        string temporary = path + ".tmp";
        set.Save(temporary);
        File.Move(temporary, path, overwrite: true);
    }
}
