namespace Skinsight.Learning.Training;

/// <summary>Writes files through a temporary name that is moved into place, so a stopped write leaves the old file.</summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>Calls <paramref name="write"/> with a temporary path next to <paramref name="path"/>, then moves it there.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temporary = path + TemporarySuffix;
        write(temporary);
        File.Move(temporary, path, overwrite: true);
    }
}
