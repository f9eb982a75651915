using TorchSharp;

namespace Skinsight.Learning.Tests;

public class TorchLoadTests
{
    [Fact]
    public void Torch_AfterBuildPatch_LoadsAndAdds()
    {
        using var a = torch.ones(2, 3);
        using var b = a + a;

        Assert.Equal(12f, b.sum().item<float>());
    }
}
