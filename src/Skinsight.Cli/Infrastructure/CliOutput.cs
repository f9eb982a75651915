using System.Text.Json;
using Skinsight.Core.Serialization;
using Spectre.Console;

namespace Skinsight.Cli.Infrastructure;

/// <summary>Writes a command's result as JSON on stdout, or as text for people.</summary>
/// <param name="stderrIsTerminal">
/// Whether stderr is a terminal; null to check that <paramref name="stderr"/> is the process's stderr and that it is
/// not redirected.
/// </param>
public sealed class CliOutput(bool json, TextWriter stdout, TextWriter stderr, bool? stderrIsTerminal = null)
{
    public bool IsJson { get; } = json;

    /// <summary>Creates the output of one invocation, honouring --json.</summary>
    public static CliOutput For(System.CommandLine.ParseResult parseResult) =>
        new(parseResult.GetValue(GlobalOptions.Json), parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error);

    public TextWriter Error { get; } = stderr;

    /// <summary>Spectre console for tables and progress; writes to stderr in JSON mode so stdout stays one object.</summary>
    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(json ? stderr : stdout),
    });

    /// <summary>
    /// Spectre console on stderr for progress displays, or null when --json is given or stderr is not a terminal,
    /// so that piped and JSON output never carry progress text.
    /// </summary>
    public IAnsiConsole? ProgressConsole { get; } = !json && (stderrIsTerminal ?? IsProcessTerminal(stderr))
        ? AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            // Spectre's own check falls back to printing progress lines when only stdout is redirected; stderr
            // is known to be a terminal here, so the live display is safe.
            Interactive = InteractionSupport.Yes,
        })
        : null;

    /// <summary>
    /// Whether stdout is a terminal, meaning the writer is the process's stdout and it is not redirected. Tests
    /// that pass their own writer get false.
    /// </summary>
    public bool StdoutIsTerminal { get; } = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;

    public void WriteJson<T>(T value)
    {
        stdout.WriteLine(JsonSerializer.Serialize(value, SkinsightJson.Indented));
    }

    /// <summary>Writes text that is already JSON, such as a report with its own serialisation.</summary>
    public void WriteRaw(string json) => stdout.WriteLine(json);

    public void WriteLine(string text = "")
    {
        if (!IsJson)
        {
            stdout.WriteLine(text);
        }
    }

    private static bool IsProcessTerminal(TextWriter stderr) =>
        ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected;
}
