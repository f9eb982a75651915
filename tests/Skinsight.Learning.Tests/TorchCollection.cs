namespace Skinsight.Learning.Tests;

/// <summary>Runs the tests that call native TorchSharp or OnnxRuntime code one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";
}
