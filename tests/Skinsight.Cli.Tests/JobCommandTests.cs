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
        var entry = Assert.Single(deadJobs.RootElement.EnumerateArray());
        Assert.Equal(claim.JobId, entry.GetProperty("id").GetGuid());
        Assert.Equal("IOException: disk full", entry.GetProperty("lastError").GetString());
        Assert.Equal(0, retry.ExitCode);
        Assert.Contains("queued again", retry.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("not in dead letter", Assert.Single(again.ErrorLines), StringComparison.Ordinal);
        using var queuedJobs = JsonDocument.Parse(queued.Stdout);
        Assert.Equal(2, queuedJobs.RootElement.GetArrayLength());
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

    [Fact]
    public async Task Retry_UnknownJob_PrintsOneLine()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("jobs", "retry", Guid.Empty.ToString());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("was not found", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
