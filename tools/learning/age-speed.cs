#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Times AgeEstimator.Estimate, one face crop at a time as the analysis calls it, for each model folder given:
// wall and process CPU time per estimate over the crops of a folder. Run from the repository root with:
//   OMP_NUM_THREADS=1 nice -n 10 dotnet run -c Release tools/learning/age-speed.cs -- IMAGE_DIR COUNT MODEL_DIR...
using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using Skinsight.Learning.Age;

if (args.Length < 3)
{
    Console.Error.WriteLine("Usage: age-speed.cs IMAGE_DIR COUNT MODEL_DIR...");
    return 2;
}

int count = int.Parse(args[1], CultureInfo.InvariantCulture);
SKBitmap[] crops = Directory.EnumerateFiles(args[0], "*.jpg").Order().Take(count).Select(SKBitmap.Decode).ToArray();
foreach (string model in args.Skip(2))
{
    using var estimator = new AgeEstimator(model);
    estimator.Estimate(crops[0]);
    var process = Process.GetCurrentProcess();
    TimeSpan cpuBefore = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    foreach (SKBitmap crop in crops)
    {
        estimator.Estimate(crop);
    }

    process.Refresh();
    double cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / crops.Length;
    double wall = clock.Elapsed.TotalMilliseconds / crops.Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model}: {wall:F1} ms wall, {cpu:F1} ms CPU per estimate ({crops.Length} crops)"));
}

return 0;
