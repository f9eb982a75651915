using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Tests;

/// <summary>When long commands show progress, and that it never reaches stdout.</summary>
public class CliProgressTests
{
    [Fact]
    public void ProgressConsole_TextOnTerminal_IsSet()
    {
        var output = new CliOutput(json: false, new StringWriter(), new StringWriter(), stderrIsTerminal: true);

        Assert.NotNull(output.ProgressConsole);
    }

    [Fact]
    public void ProgressConsole_JsonOnTerminal_IsNull()
    {
        var output = new CliOutput(json: true, new StringWriter(), new StringWriter(), stderrIsTerminal: true);

        Assert.Null(output.ProgressConsole);
    }

    [Fact]
    public void ProgressConsole_StderrNotProcessTerminal_IsNull()
    {
        var output = new CliOutput(json: false, new StringWriter(), new StringWriter());

        Assert.Null(output.ProgressConsole);
    }

    [Fact]
    public void Run_WithoutProgress_PassesNullTaskAndWritesNothing()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var output = new CliOutput(json: true, stdout, stderr, stderrIsTerminal: true);
        bool sawTask = true;

        int result = CliProgress.Run(output, "Scoring", task =>
        {
            sawTask = task is not null;
            return 42;
        });

        Assert.Equal(42, result);
        Assert.False(sawTask);
        Assert.Empty(stdout.ToString());
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public void Run_OnTerminal_ReportsOnStderrOnly()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var output = new CliOutput(json: false, stdout, stderr, stderrIsTerminal: true);
        double lastValue = 0;

        int result = CliProgress.Run(output, "Scoring photos", task =>
        {
            Assert.NotNull(task);
            Assert.True(task.IsIndeterminate);
            IProgress<(int Done, int Total)> counts = Assert.IsAssignableFrom<IProgress<(int Done, int Total)>>(task.Counts());
            counts.Report((3, 4));
            Assert.False(task.IsIndeterminate);
            Assert.Equal(4, task.MaxValue);
            lastValue = task.Value;
            return 7;
        }, counted: true);

        Assert.Equal(7, result);
        Assert.Equal(3, lastValue);
        Assert.Empty(stdout.ToString());
        Assert.Contains("Scoring photos", stderr.ToString(), StringComparison.Ordinal);
    }
}
