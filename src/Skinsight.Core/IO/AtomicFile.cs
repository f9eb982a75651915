namespace Skinsight.Core.IO;

/// <summary>Writes files through a temporary name that is moved into place, so a stopped write leaves the old file.</summary>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path next to <paramref name="path"/>, then moves it there. When
    /// <paramref name="write"/> throws, the temporary file is deleted and the file at <paramref name="path"/> is left
    /// as it was.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        string temporary = path + TemporarySuffix;
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
