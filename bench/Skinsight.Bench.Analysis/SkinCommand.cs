namespace Skinsight.Bench.Analysis;

internal static class SkinCommand
{
    public static int Execute(BenchOptions options) => BenchOptions.Usage("Not written yet.");
}
