namespace Skinsight.Learning.Features;

/// <summary>Backbone features of labelled images: one row of <see cref="Features"/> per image id.</summary>
public sealed record FeatureSet(IReadOnlyList<string> ImageIds, IReadOnlyList<int> Labels, float[][] Features)
{
    private const int FileVersion = 1;

    public int Count => ImageIds.Count;

    /// <summary>Writes the set to <paramref name="path"/> in a small binary format (version, counts, rows).</summary>
    public void Save(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(FileVersion);
        writer.Write(Count);
        writer.Write(Count == 0 ? 0 : Features[0].Length);
        for (int i = 0; i < Count; i++)
        {
            writer.Write(ImageIds[i]);
            writer.Write(Labels[i]);
            foreach (float value in Features[i])
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>Reads a set written by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not a feature file of this version.</exception>
    public static FeatureSet Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int version = reader.ReadInt32();
        if (version != FileVersion)
        {
            throw new ModelFormatException(
                $"The feature file {path} has version {version}; expected {FileVersion}. Delete it to extract again.");
        }

        int count = reader.ReadInt32();
        int length = reader.ReadInt32();
        var ids = new string[count];
        var labels = new int[count];
        var features = new float[count][];
        for (int i = 0; i < count; i++)
        {
            ids[i] = reader.ReadString();
            labels[i] = reader.ReadInt32();
            features[i] = new float[length];
            for (int j = 0; j < length; j++)
            {
                features[i][j] = reader.ReadSingle();
            }
        }

        return new FeatureSet(ids, labels, features);
    }
}
