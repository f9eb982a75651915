using System.CommandLine;
using Skinsight.Catalog.Ingredients;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Commands;

/// <summary>The <c>--cosing</c> option of the catalog commands that resolve names, and its default path.</summary>
internal static class CosingOption
{
    public static Option<FileInfo?> Create() => new("--cosing")
    {
        Description = "EU CosIng inventory CSV (default: ../shared/data/eu-cosing-inventory/cosing.csv beside the repository).",
        HelpName = "PATH",
    };

    /// <summary>Loads the inventory from <paramref name="file"/>, or from the default path when it is null.</summary>
    /// <exception cref="CliException">The file does not exist.</exception>
    public static CosingInventory Load(FileInfo? file)
    {
        string path = file?.FullName
            ?? Path.GetFullPath(Path.Combine(SkinsightHome.Find(), "..", "shared", "data", "eu-cosing-inventory", "cosing.csv"));
        if (!File.Exists(path))
        {
            throw new CliException($"the CosIng inventory {path} was not found; pass --cosing PATH.");
        }

        return CosingInventory.Load(path);
    }
}
