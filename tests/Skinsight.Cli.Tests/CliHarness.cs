using Skinsight.Cli;
using Skinsight.Cli.Infrastructure;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

/// <summary>Runs the skinsight command line in-process against a temporary SQLite store.</summary>
public sealed class CliHarness : IDisposable
{
    private readonly TempFolder _folder = new();

    public string DatabasePath => _folder.File("skinsight.db");

    public string KeyFolder => _folder.File("keys");

    public string File(string name) => _folder.File(name);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] withDb = [.. args, "--db", DatabasePath, "--keys", KeyFolder];

        int exitCode = await CliRunner.RunAsync(SkinsightCommandLine.CreateRoot(), withDb, stdout, stderr);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Creates and migrates the empty store, for tests of commands that only read an existing one.</summary>
    public Task CreateDatabaseAsync() =>
        Skinsight.Data.StoreFactory.OpenAsync(DatabasePath, new Skinsight.Data.Encryption.KeyRingOptions(KeyFolder));

    public void Dispose() => _folder.Dispose();
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The error output's lines, without blank ones.</summary>
    public IReadOnlyList<string> ErrorLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
