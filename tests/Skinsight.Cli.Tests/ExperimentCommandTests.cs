using System.Text.Json;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class ExperimentCommandTests
{
    [Fact]
    public async Task CreateAssignReport_LocalPerson_CountsOneExposure()
    {
        using var cli = new CliHarness();

        var create = await cli.RunAsync("experiment", "create", "--json", "--name", "slow-start",
            "--hypothesis", "A minimal routine lowers irritation.", "--variant", "control:1", "--variant", "short:1:minimal",
            "--measure", "irritation", "--effect", "0.5");
        var first = await cli.RunAsync("experiment", "assign", "--json", "slow-start");
        var second = await cli.RunAsync("experiment", "assign", "--json", "slow-start");
        var list = await cli.RunAsync("experiment", "list", "--json");
        var report = await cli.RunAsync("experiment", "report", "--json", "slow-start");

        Assert.True(create.ExitCode == 0, create.Stderr);
        using var created = JsonDocument.Parse(create.Stdout);
        Assert.Equal(63, created.RootElement.GetProperty("plannedPerArm").GetInt32());
        Assert.Equal("lower", created.RootElement.GetProperty("better").GetString());
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        using var listed = JsonDocument.Parse(list.Stdout);
        Assert.Equal("running", listed.RootElement.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal(0, report.ExitCode);
        using var reported = JsonDocument.Parse(report.Stdout);
        int exposed = reported.RootElement.GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("exposed").GetInt32());
        Assert.Equal(1, exposed);
        Assert.Equal("continue", reported.RootElement.GetProperty("comparisons")[0].GetProperty("decision").GetString());
    }

    [Theory]
    [InlineData("--variant", "short", "--variant 'short' is invalid")]
    [InlineData("--measure", "glow", "Measure 'glow' is unknown")]
    [InlineData("--per-arm", "1", "Planned sample size 1 per arm is out of range")]
    public async Task Create_BadValue_PrintsOneLine(string option, string value, string message)
    {
        using var cli = new CliHarness();
        var options = new Dictionary<string, string> { ["--measure"] = "redness", ["--per-arm"] = "50" };
        string variant = "b:1";
        if (option == "--variant")
        {
            variant = value;
        }
        else
        {
            options[option] = value;
        }

        string[] args = ["experiment", "create", "--name", "x", "--hypothesis", "h", "--variant", "control:1",
            "--variant", variant, .. options.SelectMany(o => new[] { o.Key, o.Value })];

        var result = await cli.RunAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleSize_RawDifference_DividesBySd()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("experiment", "sample-size", "--json", "--difference", "2", "--sd", "4");
        var missing = await cli.RunAsync("experiment", "sample-size");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(63, json.RootElement.GetProperty("perArm").GetInt32());
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No effect given", Assert.Single(missing.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--difference", "2", "--difference 2 needs --sd S")]
    [InlineData("--sd", "4", "--sd 4 needs --difference X")]
    public async Task SampleSize_DifferenceOrSdAlone_NamesTheMissingOne(string option, string value, string message)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("experiment", "sample-size", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_Twice_SecondSaysAlreadyStopped()
    {
        using var cli = new CliHarness();
        var create = await cli.RunAsync("experiment", "create", "--name", "slow-start",
            "--hypothesis", "A minimal routine lowers irritation.", "--variant", "control:1", "--variant", "short:1:minimal",
            "--measure", "irritation", "--effect", "0.5");

        var first = await cli.RunAsync("experiment", "stop", "slow-start");
        var second = await cli.RunAsync("experiment", "stop", "slow-start");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Contains("is stopped", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.StartsWith("Experiment 'slow-start' was already stopped at ", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_UnknownExperiment_PrintsOneLine()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("experiment", "assign", "nope");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Experiment 'nope' was not found", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
