using Skinsight.Learning.Training;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

public class ModelFolderTests
{
    private const string InfoFileName = "acne-grader.json";

    [Fact]
    public void RequireOwnOrNew_MissingOrOwnFolder_Passes()
    {
        using var folder = new TempFolder();
        string own = folder.File("own");
        Directory.CreateDirectory(own);
        File.WriteAllBytes(Path.Combine(own, "weights.bin"), [1]);
        File.WriteAllText(Path.Combine(own, InfoFileName), "{}");

        ModelFolder.RequireOwnOrNew(folder.File("new"), InfoFileName);
        ModelFolder.RequireOwnOrNew(own, InfoFileName);
    }

    [Fact]
    public void RequireOwnOrNew_OtherModelsWeights_Throws()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("weights.bin"), [1]);
        File.WriteAllText(folder.File("model.json"), "{}");

        var error = Assert.Throws<LearningException>(() => ModelFolder.RequireOwnOrNew(folder.Path, InfoFileName));

        Assert.Contains(folder.Path, error.Message);
        Assert.Contains(InfoFileName, error.Message);
    }

    [Fact]
    public void RequireOwnOrNew_PathIsFile_Throws()
    {
        using var folder = new TempFolder();
        string file = folder.File("model");
        File.WriteAllText(file, "");

        var error = Assert.Throws<LearningException>(() => ModelFolder.RequireOwnOrNew(file, InfoFileName));

        Assert.Contains(file, error.Message);
        Assert.Contains("is a file", error.Message);
    }
}
