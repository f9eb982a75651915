namespace Skinsight.Vision.Tests;

/// <summary>One analyzer shared by the tests of a class, since loading the Haar cascades takes a while.</summary>
public sealed class AnalyzerFixture : IDisposable
{
    public SkinAnalyzer Analyzer { get; } = new();

    public void Dispose() => Analyzer.Dispose();
}
