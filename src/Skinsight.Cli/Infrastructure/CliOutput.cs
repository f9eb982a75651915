using System.Text.Json;
using Skinsight.Core.Serialization;
using Spectre.Console;

namespace Skinsight.Cli.Infrastructure;

/// <summary>Writes a command's result as JSON on stdout, or as text for people.</summary>
public sealed class CliOutput(bool json, TextWriter stdout, TextWriter stderr)
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
}
