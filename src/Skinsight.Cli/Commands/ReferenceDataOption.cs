using System.CommandLine;
using Skinsight.Application.Catalog;

namespace Skinsight.Cli.Commands;

/// <summary>The <c>--data</c> option naming the ingredient reference data folder of product pages.</summary>
internal static class ReferenceDataOption
{
    public static Option<DirectoryInfo?> Create() => new("--data")
    {
        Description = "Folder of the ingredient reference data (eu-cosing-inventory, eu-cosing-annexes, "
            + $"comedogenic-ratings, cosdna-ingredient-kg). Default: ${ReferenceDataFolder.EnvironmentVariable}, "
            + "else ../shared/data beside the repository. Missing sources are reported, not fatal.",
        HelpName = "DIR",
    };
}
