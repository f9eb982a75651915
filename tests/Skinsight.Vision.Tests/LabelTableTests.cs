using Skinsight.Core;
using Skinsight.Testing;
using Skinsight.Vision.Evaluation;

namespace Skinsight.Vision.Tests;

public sealed class LabelTableTests
{
    [Theory]
    [InlineData("image_file,grade\na.jpg,1\nb.jpg,2\n\n\n")]
    [InlineData("image_file,grade\r\na.jpg,1\r\n\r\nb.jpg,2\r\n\r\n")]
    public void Read_BlankLines_SkipsThem(string content)
    {
        using var folder = new TempFolder();
        string path = folder.File("labels.csv");
        File.WriteAllText(path, content);

        LabelTable table = LabelTable.Read(path, "image_file", "grade");

        Assert.Equal(2, table.Count);
        Assert.Equal("a.jpg", table[0, "image_file"]);
        Assert.Equal("b.jpg", table[1, "image_file"]);
        Assert.Equal("2", table[1, "grade"]);
    }

    [Fact]
    public void Read_OnlyBlankLines_ThrowsNoRows()
    {
        using var folder = new TempFolder();
        string path = folder.File("labels.csv");
        File.WriteAllText(path, "image_file,grade\n\n\n");

        var error = Assert.Throws<InvalidInputException>(() => LabelTable.Read(path, "image_file"));

        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\uFEFF")]
    public void Read_EmptyFile_ThrowsEmpty(string content)
    {
        using var folder = new TempFolder();
        string path = folder.File("labels.csv");
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidInputException>(() => LabelTable.Read(path, "image_file", "grade"));

        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no column", error.Message, StringComparison.Ordinal);
    }
}
