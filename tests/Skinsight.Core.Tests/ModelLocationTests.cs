using Skinsight.Core.IO;
using Skinsight.Testing;

namespace Skinsight.Core.Tests;

// Changes SKINSIGHT_HOME for the whole process, so these tests run one at a time.
[Collection(nameof(ModelLocationTests))]
[CollectionDefinition(nameof(ModelLocationTests), DisableParallelization = true)]
public class ModelLocationTests
{
    [Fact]
    public void Find_HomeHasModel_ReturnsHomePath()
    {
        using var home = new TempFolder();
        string model = Path.Combine(home.Path, "models", "example");
        Directory.CreateDirectory(model);

        string? found = WithHome(home.Path, () => ModelLocation.Find(Path.Combine("models", "example"), Directory.Exists));

        Assert.Equal(model, found);
    }

    [Fact]
    public void Find_HomeLacksModel_WalksUpFromApplication()
    {
        using var home = new TempFolder();
        string expected = Path.Combine(AppContext.BaseDirectory, "Skinsight.Core.dll");

        string? found = WithHome(home.Path, () => ModelLocation.Find("Skinsight.Core.dll", File.Exists));

        Assert.Equal(expected, found);
    }

    [Fact]
    public void Find_NowhereAccepted_ReturnsNull()
    {
        using var home = new TempFolder();

        string? found = WithHome(home.Path, () => ModelLocation.Find(Path.Combine("models", "missing-model"), Directory.Exists));

        Assert.Null(found);
    }

    private static string? WithHome(string home, Func<string?> find)
    {
        string? before = Environment.GetEnvironmentVariable(ModelLocation.HomeVariable);
        Environment.SetEnvironmentVariable(ModelLocation.HomeVariable, home);
        try
        {
            return find();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelLocation.HomeVariable, before);
        }
    }
}
