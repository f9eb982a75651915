using Skinsight.Cli.Infrastructure;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

public class InterruptNoticeTests
{
    [Fact]
    public void Describe_FinishedEpoch_GivesResumeHint()
    {
        using var folder = new TempFolder();
        string checkpoint = folder.File("checkpoint");
        Directory.CreateDirectory(checkpoint);
        File.WriteAllText(Path.Combine(checkpoint, "state.json"), "{}");

        string notice = InterruptNotice.Describe(checkpoint);

        Assert.Contains(checkpoint, notice, StringComparison.Ordinal);
        Assert.Contains("run the same command again to resume", notice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Describe_NoFinishedEpoch_ReportsStartOver(bool halfWrittenEpoch)
    {
        using var folder = new TempFolder();
        string checkpoint = folder.File("checkpoint");
        if (halfWrittenEpoch)
        {
            Directory.CreateDirectory(Path.Combine(checkpoint, "epoch-001.tmp"));
        }

        string notice = InterruptNotice.Describe(checkpoint);

        Assert.Contains("nothing is kept", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(checkpoint, notice, StringComparison.Ordinal);
    }
}
