using System.Text.Json;

namespace Skinsight.Cli.Tests;

public class AccountCommandTests
{
    [Fact]
    public async Task UserAdd_Operator_CreatesAccountOnceOnly()
    {
        using var cli = new CliHarness();
        string password = cli.File("pw.txt");
        await File.WriteAllTextAsync(password, "a long enough password\n");

        var first = await cli.RunAsync("user", "add", "alice", "--operator", "--password-file", password);
        var second = await cli.RunAsync("user", "add", "alice", "--password-file", password);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("operator role", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("taken", Assert.Single(second.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAdd_ShortPassword_FailsWithOneLine()
    {
        using var cli = new CliHarness();
        string password = cli.File("pw.txt");
        await File.WriteAllTextAsync(password, "short\n");

        var result = await cli.RunAsync("user", "add", "bob", "--password-file", password);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("10", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResearchExport_WithKeyFile_PrintsEmptyExport()
    {
        using var cli = new CliHarness();
        string key = cli.File("research.key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(new byte[32]));
        await cli.CreateDatabaseAsync();

        var result = await cli.RunAsync("research", "export", "--key-file", key);

        Assert.Equal(0, result.ExitCode);
        using var export = JsonDocument.Parse(result.Stdout);
        Assert.Equal(5, export.RootElement.GetProperty("k").GetInt32());
        Assert.Equal(0, export.RootElement.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task ResearchExport_ShortKey_FailsWithOneLine()
    {
        using var cli = new CliHarness();
        string key = cli.File("research.key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(new byte[8]));
        await cli.CreateDatabaseAsync();

        var result = await cli.RunAsync("research", "export", "--key-file", key);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("32", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
