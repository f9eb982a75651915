namespace Skinsight.Bench.Analysis;

internal static class CalibrateCommand
{
    public static int Execute(BenchOptions options) => BenchOptions.Usage("Not written yet.");
}
