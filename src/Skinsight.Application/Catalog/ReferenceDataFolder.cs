namespace Skinsight.Application.Catalog;

/// <summary>Finds the folder the ingredient reference data (CosIng, annexes, ratings, CosDNA) is read from.</summary>
public static class ReferenceDataFolder
{
    /// <summary>Environment variable that names the folder when no setting or option does.</summary>
    public const string EnvironmentVariable = "SKINSIGHT_DATA";

    /// <summary>
    /// Returns <paramref name="configured"/> when given, else <see cref="EnvironmentVariable"/>, else a
    /// <c>shared/data</c> folder beside the checkout that contains this build, else null.
    /// </summary>
    public static string? Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Skinsight.slnx")))
        {
            dir = dir.Parent;
        }

        string? beside = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        return beside is not null && Directory.Exists(beside) ? beside : null;
    }
}
