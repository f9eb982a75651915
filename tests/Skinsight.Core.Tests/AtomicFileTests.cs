using Skinsight.Core.IO;
using Skinsight.Testing;

namespace Skinsight.Core.Tests;

public class AtomicFileTests
{
    [Fact]
    public void Write_Succeeds_ReplacesFileAndLeavesNoTemporary()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.bin");
        File.WriteAllText(path, "old");

        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, "new"));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["model.bin"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_Throws_KeepsOldFileAndDeletesTemporary()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.bin");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, temporary =>
        {
            File.WriteAllText(temporary, "half");
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["model.bin"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }
}
