using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

/// <summary>The text that <c>skinsight plan</c> prints for a profile.</summary>
[Collection("cli")]
public class PlanOutputTests
{
    [Fact]
    public async Task Plan_ListedConcerns_PrintNoSeverity()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");

        var result = await cli.RunAsync("plan", "--profile", profile);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Concerns: acne (profile), redness (profile)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("questionnaire", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("0.50", result.Stdout, StringComparison.Ordinal);
    }
}
