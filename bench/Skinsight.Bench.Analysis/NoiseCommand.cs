namespace Skinsight.Bench.Analysis;

internal static class NoiseCommand
{
    public static int Execute(BenchOptions options) => BenchOptions.Usage("Not written yet.");
}
