using Skinsight.Core.Analysis;

namespace Skinsight.Core.Tests;

public class QualityReportTests
{
    [Fact]
    public void RejectionSummary_WithBlockingIssue_ListsOnlyBlocking()
    {
        var report = new QualityReport(false, 30,
        [
            new QualityIssue("blurred", "The photo is blurred.", "Hold still.", Blocking: false),
            new QualityIssue("no-face", "No face or skin found.", "Fill the frame with skin.", Blocking: true),
        ]);

        Assert.Equal("No face or skin found. Fill the frame with skin.", report.RejectionSummary());
    }

    [Fact]
    public void RejectionSummary_NoBlockingIssue_ListsAll()
    {
        var report = new QualityReport(true, 80,
        [
            new QualityIssue("blurred", "The photo is blurred.", "Hold still.", Blocking: false),
            new QualityIssue("too-dark", "The photo is dark.", "Face a window.", Blocking: false),
        ]);

        Assert.Equal("The photo is blurred. Hold still. The photo is dark. Face a window.", report.RejectionSummary());
    }
}
