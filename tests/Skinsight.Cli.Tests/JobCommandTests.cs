using System.Text.Json;
using Skinsight.Data;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;

namespace Skinsight.Cli.Tests;

public class JobCommandTests
{
    [Fact]
    public async Task ListAndRetry_DeadLetterJob_QueuesItAgain()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("jobs", "probe")).ExitCode);
        var store = await StoreFactory.OpenAsync(cli.DatabasePath, new KeyRingOptions(cli.KeyFolder));
        var claim = (await store.ClaimJobAsync("test-worker", TimeSpan.FromMinutes(1)))!;
        for (int attempt = claim.Attempt; attempt < claim.MaxAttempts; attempt++)
        {
            await store.FailJobAsync(claim, "IOException: disk full", retryable: true, TimeSpan.Zero);
            claim = (await store.ClaimJobAsync("test-worker", TimeSpan.FromMinutes(1)))!;
        }

        Assert.Equal(JobState.DeadLetter, await store.FailJobAsync(claim, "IOException: disk full", retryable: true, TimeSpan.Zero));
        Assert.Equal(0, (await cli.RunAsync("jobs", "probe", "--count", "1", "--work-ms", "5")).ExitCode);

        var dead = await cli.RunAsync("--json", "jobs", "list", "--state", "deadletter");
        var retry = await cli.RunAsync("jobs", "retry", claim.JobId.ToString());
        var again = await cli.RunAsync("jobs", "retry", claim.JobId.ToString());
        var queued = await cli.RunAsync("--json", "jobs", "list", "--state", "queued");

        Assert.Equal(0, dead.ExitCode);
        using var deadJobs = JsonDocument.Parse(dead.Stdout);
        var entry = Assert.Single(deadJobs.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(claim.JobId, entry.GetProperty("id").GetGuid());
        Assert.Equal("IOException: disk full", entry.GetProperty("lastError").GetString());
        Assert.Equal(0, retry.ExitCode);
        Assert.Contains("queued again", retry.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("not in dead letter", Assert.Single(again.ErrorLines), StringComparison.Ordinal);
        using var queuedJobs = JsonDocument.Parse(queued.Stdout);
        Assert.Equal(2, queuedJobs.RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(new[] { "jobs", "list", "--state", "stuck" }, "--state 'stuck'")]
    [InlineData(new[] { "jobs", "list", "--limit", "0" }, "--limit is 0")]
    [InlineData(new[] { "jobs", "retry", "not-a-guid" }, "'not-a-guid' is not a GUID")]
    [InlineData(new[] { "jobs", "probe", "--count", "0" }, "--count is 0")]
    [InlineData(new[] { "jobs", "probe", "--work-ms", "20000" }, "--work-ms is 20000")]
    [InlineData(new[] { "serve", "--workers", "-1" }, "--workers is -1")]
    [InlineData(new[] { "serve", "--job-poll", "0" }, "--job-poll is 0")]
    public async Task Jobs_BadValue_PrintsOneLine(string[] args, string message)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs", "list")]
    [InlineData("jobs", "retry", "00000000-0000-0000-0000-000000000001")]
    [InlineData("history", "list")]
    [InlineData("checkin", "list")]
    [InlineData("experiment", "list")]
    [InlineData("catalog", "search", "serum")]
    [InlineData("progress")]
    [InlineData("export", "--out", "never-written.zip")]
    [InlineData("keys", "rotate")]
    [InlineData("user", "grant-operator", "someone")]
    public async Task ReadOnlyCommand_MissingDatabase_Fails(params string[] args)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains(cli.DatabasePath, error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.DatabasePath), $"{string.Join(' ', args)} created the database");
    }

    [Fact]
    public async Task WriteCommand_MissingDatabase_CreatesIt()
    {
        using var cli = new CliHarness();

        var probe = await cli.RunAsync("jobs", "probe");
        var list = await cli.RunAsync("--json", "jobs", "list");

        Assert.Equal(0, probe.ExitCode);
        Assert.True(File.Exists(cli.DatabasePath));
        Assert.Equal(0, list.ExitCode);
    }

    [Fact]
    public async Task List_NoJobs_PrintsNoJobs()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("jobs", "probe")).ExitCode);

        var empty = await cli.RunAsync("jobs", "list", "--state", "deadletter");
        var emptyJson = await cli.RunAsync("--json", "jobs", "list", "--state", "failed");

        Assert.Equal(0, empty.ExitCode);
        Assert.Equal("No jobs in state deadLetter.", empty.Stdout.Trim());
        Assert.Equal(0, emptyJson.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(emptyJson.Stdout).RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_Piped_KeepsEachJobOnOneLine()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("jobs", "probe")).ExitCode);
        var store = await StoreFactory.OpenAsync(cli.DatabasePath, new KeyRingOptions(cli.KeyFolder));
        var claim = (await store.ClaimJobAsync("test-worker", TimeSpan.FromMinutes(1)))!;
        string error = "IOException: the disk holding the job store is full, so the analysis could not be written; free some space";
        await store.FailJobAsync(claim, error, retryable: true, TimeSpan.Zero);

        var list = await cli.RunAsync("jobs", "list");

        Assert.Equal(0, list.ExitCode);
        string row = Assert.Single(list.Stdout.Split('\n'), line => line.Contains(claim.JobId.ToString(), StringComparison.Ordinal));
        Assert.Contains(error, row, StringComparison.Ordinal);
        Assert.Contains("Queued", row, StringComparison.Ordinal);
        Assert.True(row.Length > 80, $"row of {row.Length} columns");
    }

    [Fact]
    public async Task Retry_UnknownJob_PrintsOneLine()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("jobs", "probe", "--count", "1")).ExitCode);

        var result = await cli.RunAsync("jobs", "retry", Guid.Empty.ToString());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("was not found", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
