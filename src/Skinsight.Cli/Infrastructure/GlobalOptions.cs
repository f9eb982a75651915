using System.CommandLine;

namespace Skinsight.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static Option<string?> Database { get; } = new("--db")
    {
        Description = "Store to use: a SQLite file path or a PostgreSQL connection string "
            + "(default: $SKINSIGHT_DB, else ~/.local/share/skinsight/skinsight.db).",
        HelpName = "PATH|CONNECTION",
        Recursive = true,
    };

    public static Option<string?> Keys { get; } = new("--keys")
    {
        Description = "Folder of the master key file and the per-person data keys, kept apart from the database "
            + "(default: $SKINSIGHT_KEY_DIR, else ~/.config/skinsight/keys). $SKINSIGHT_MASTER_KEY, when set, "
            + "gives the master key as base64 instead of the key file.",
        HelpName = "DIR",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON object on stdout instead of text.",
        Recursive = true,
    };

    /// <summary>Returns the key folder the user selected with --keys, or null for $SKINSIGHT_KEY_DIR or the default.</summary>
    public static string? KeyFolder(ParseResult parseResult)
    {
        string? fromOption = parseResult.GetValue(Keys);
        return string.IsNullOrWhiteSpace(fromOption) ? null : fromOption;
    }

    /// <summary>Returns the store the user selected with --db or SKINSIGHT_DB, or null for the default.</summary>
    public static string? DatabaseSpec(ParseResult parseResult)
    {
        string? fromOption = parseResult.GetValue(Database);
        if (!string.IsNullOrWhiteSpace(fromOption))
        {
            return fromOption;
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable("SKINSIGHT_DB");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
    }
}
