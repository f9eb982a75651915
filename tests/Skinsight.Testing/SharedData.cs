using Xunit;

namespace Skinsight.Testing;

/// <summary>
/// Locates the real public data sets that sit beside a checkout (<c>../shared/data</c>) or wherever
/// <c>SKINSIGHT_SHARED_DATA</c> points. Tests that need them are skipped with the reason when they are absent.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>The data folder, or null when it is not present on this machine.</summary>
    public static string? Root => s_root.Value;

    /// <summary>Returns the full path of <paramref name="relative"/> under the data folder.</summary>
    /// <exception cref="InvalidOperationException">The data folder is not present.</exception>
    public static string PathOf(string relative) =>
        Path.Combine(Root ?? throw new InvalidOperationException("The shared data folder is not present."), relative);

    /// <summary>True when <paramref name="relative"/> exists under the data folder.</summary>
    public static bool Has(string relative) =>
        Root is not null && (File.Exists(PathOf(relative)) || Directory.Exists(PathOf(relative)));

    private static string? FindRoot()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("SKINSIGHT_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        string? repo = RepositoryRoot.Find();
        if (repo is null)
        {
            return null;
        }

        string candidate = Path.GetFullPath(Path.Combine(repo, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that runs only when the named files exist under the shared data folder.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] requiredPaths)
    {
        if (SharedData.Root is null)
        {
            Skip = "The real data sets (../shared/data or SKINSIGHT_SHARED_DATA) are not present on this machine.";
            return;
        }

        string? missing = requiredPaths.FirstOrDefault(p => !SharedData.Has(p));
        if (missing is not null)
        {
            Skip = $"The data file {missing} is not present under {SharedData.Root}.";
        }
    }
}
