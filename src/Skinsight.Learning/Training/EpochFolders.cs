namespace Skinsight.Learning.Training;

/// <summary>
/// Per-epoch folders of a training checkpoint. Each epoch's files are written into a temporary folder that is then
/// moved into place whole. The run's description, which names the epoch, is written after that, and only then are
/// the folders of earlier epochs deleted. A run stopped at any point therefore leaves the files its description names.
/// </summary>
internal static class EpochFolders
{
    private const string Prefix = "epoch-";
    private const string TemporarySuffix = ".tmp";

    /// <summary>Returns the folder of <paramref name="epoch"/> under <paramref name="root"/>.</summary>
    public static string Of(string root, int epoch) => Path.Combine(root, $"{Prefix}{epoch:D3}");

    /// <summary>
    /// Writes the files of <paramref name="epoch"/> with <paramref name="write"/>, which receives the folder to write
    /// into, and moves them into place. Returns the epoch's folder.
    /// </summary>
    public static string Write(string root, int epoch, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string folder = Of(root, epoch);
        string temporary = folder + TemporarySuffix;
        DeleteFolder(temporary);
        Directory.CreateDirectory(temporary);
        write(temporary);

        // A folder of this epoch can only be left by a run stopped before its description named it.
        DeleteFolder(folder);
        Directory.Move(temporary, folder);
        return folder;
    }

    /// <summary>Deletes every epoch folder under <paramref name="root"/> but that of <paramref name="keepEpoch"/>.</summary>
    public static void DeleteOthers(string root, int keepEpoch)
    {
        string keep = Of(root, keepEpoch);
        foreach (string folder in Directory.GetDirectories(root, Prefix + "*"))
        {
            if (folder != keep)
            {
                DeleteFolder(folder);
            }
        }
    }

    /// <summary>Deletes <paramref name="folder"/> and everything in it, when it exists.</summary>
    public static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
