namespace Skinsight.Bench.Analysis;

internal static class AcneCommand
{
    public static int Execute(BenchOptions options) => BenchOptions.Usage("Not written yet.");
}
