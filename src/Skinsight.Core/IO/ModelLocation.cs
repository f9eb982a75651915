namespace Skinsight.Core.IO;

/// <summary>
/// Finds the files of shipped models: under the folder named by <c>SKINSIGHT_HOME</c> when that has them, else in the
/// first folder, walking up from the application folder, that has them. A published program copied elsewhere finds
/// the models through the variable, and a build inside the repository finds them without it.
/// </summary>
public static class ModelLocation
{
    /// <summary>The environment variable naming the folder that contains <c>models/</c> and the web page.</summary>
    public const string HomeVariable = "SKINSIGHT_HOME";

    /// <summary>
    /// Returns the first <paramref name="relativePath"/>, under <c>SKINSIGHT_HOME</c> and then under the application
    /// folder and each folder above it, that <paramref name="accepts"/>; null when none does.
    /// </summary>
    public static string? Find(string relativePath, Func<string, bool> accepts)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        ArgumentNullException.ThrowIfNull(accepts);
        foreach (string root in Roots())
        {
            string candidate = Path.Combine(root, relativePath);
            if (accepts(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> Roots()
    {
        string? home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            yield return home;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            yield return directory.FullName;
        }
    }
}
