using System.CommandLine;
using System.Text.Json;
using Skinsight.Core;

namespace Skinsight.Cli.Infrastructure;

/// <summary>
/// Parses and runs a command line. Every failure ends as one line on stderr and a non-zero exit code; stack
/// traces are printed only when SKINSIGHT_DEBUG=1.
/// </summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        ParseResult parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            string command = CommandPath(parseResult.CommandResult);
            // A mistyped command also leaves its parent without a subcommand; the unknown word is the useful part.
            string error = parseResult.UnmatchedTokens.Count > 0
                ? $"Unknown command or argument '{parseResult.UnmatchedTokens[0]}'."
                : DescribeParseError(OneLine(parseResult.Errors[0].Message));
            await stderr.WriteLineAsync($"skinsight: {error} Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = stdout,
            Error = stderr,
        };

        try
        {
            return await parseResult.InvokeAsync(configuration);
        }
        catch (Exception ex) when (UserErrors.Describe(ex) is { } message)
        {
            await stderr.WriteLineAsync($"skinsight: {message}");
            await WriteDebugDetailsAsync(stderr, ex);
            return ex is CliException cli ? cli.ExitCode : ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("skinsight: cancelled.");
            return 130;
        }
        catch (Exception ex)
        {
            await stderr.WriteLineAsync(
                $"skinsight: internal error ({ex.GetType().Name}: {OneLine(ex.Message)}). "
                + "Rerun with SKINSIGHT_DEBUG=1 for details and report it.");
            await WriteDebugDetailsAsync(stderr, ex);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// Rewrites System.CommandLine's "Cannot parse argument 'abc' for option '--n' as expected type 'System.Int32'"
    /// in the option's terms, because a .NET type name means nothing to a user. Other messages pass unchanged.
    /// </summary>
    internal static string DescribeParseError(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(
            message, @"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'");
        if (!match.Success)
        {
            // System.CommandLine ends some messages without a full stop, such as the list of allowed values.
            return message.EndsWith('.') ? message : message + ".";
        }

        string expected = match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time such as 2026-03-02T08:00:00Z",
            "System.IO.FileInfo" => "a file path",
            "System.IO.DirectoryInfo" => "a folder path",
            _ => "a value of the documented form",
        };
        return $"{match.Groups["option"].Value} '{match.Groups["value"].Value}' is invalid; pass {expected}.";
    }

    private static async Task WriteDebugDetailsAsync(TextWriter stderr, Exception ex)
    {
        if (Environment.GetEnvironmentVariable("SKINSIGHT_DEBUG") == "1")
        {
            await stderr.WriteLineAsync(ex.ToString());
        }
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(current.Command is RootCommand ? "skinsight" : current.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>Tells failures the user can fix (bad file, bad value) from bugs, and words them as one line.</summary>
public static class UserErrors
{
    public static string? Describe(Exception ex) => ex switch
    {
        CliException => CliRunner.OneLine(ex.Message),
        InvalidInputException => CliRunner.OneLine(ex.Message),
        FileNotFoundException fnf => $"file not found: {fnf.FileName ?? CliRunner.OneLine(ex.Message)}",
        DirectoryNotFoundException => CliRunner.OneLine(ex.Message),
        UnauthorizedAccessException => $"permission denied: {CliRunner.OneLine(ex.Message)}",
        JsonException json => $"invalid JSON: {CliRunner.OneLine(json.Message)}",
        _ => null,
    };
}
