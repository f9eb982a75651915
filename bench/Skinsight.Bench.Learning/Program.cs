using System.Globalization;
using System.Text.Json;
using Skinsight.Bench.Learning;

// Usage:
//   skinsight-bench-learning speed [--models resnet18,age] [--threads 1,2] [--steps N] [--warmup N]
//       [--python FILE] [--python-exe FILE]
//   Times training steps (forward, loss, backward, AdamW) and inference of the condition classifier's ResNet-18 at
//   224x224 and of the skin-age CNN at 64x64 in TorchSharp, and the same networks in PyTorch through
//   bench/python/learning_speed.py, alternating which framework goes first.
if (args.Length == 0 || args[0] != "speed")
{
    return Usage(args.Length == 0 ? "No command given." : $"Unknown command '{args[0]}'; use speed.");
}

SpeedOptions options;
try
{
    options = SpeedOptions.Parse(args.Skip(1).ToArray());
}
catch (ArgumentException error)
{
    return Usage(error.Message);
}

if (!File.Exists(options.PythonScript))
{
    return Usage($"The PyTorch script {options.PythonScript} does not exist: pass --python <file>.");
}

Console.WriteLine($"load average before: {SpeedRun.LoadAverage()}");
var results = new List<SpeedResult>();
int turn = 0;
foreach (NetworkSetup setup in options.Models.Select(NetworkSetup.Named))
{
    foreach (int threads in options.Threads)
    {
        // Alternate which framework runs first, so a change in machine load does not always favour one side.
        bool torchSharpFirst = turn++ % 2 == 0;
        SpeedResult? torchSharp = null, pyTorch = null;
        for (int side = 0; side < 2; side++)
        {
            if ((side == 0) == torchSharpFirst)
            {
                torchSharp = SpeedRun.TorchSharp(setup, threads, options.Steps, options.Warmup);
                Console.WriteLine(JsonSerializer.Serialize(torchSharp));
            }
            else
            {
                pyTorch = SpeedRun.PyTorch(options, setup, threads);
                Console.WriteLine(JsonSerializer.Serialize(pyTorch));
            }
        }

        results.Add(torchSharp!);
        results.Add(pyTorch!);
    }
}

Console.WriteLine($"load average after: {SpeedRun.LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| network | parameters | threads | framework | training, images/s | inference, images/s |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
foreach (var group in results.GroupBy(r => (r.Model, r.Threads)))
{
    SpeedResult sharp = group.First(r => r.Framework.StartsWith("TorchSharp", StringComparison.Ordinal));
    SpeedResult py = group.First(r => r.Framework.StartsWith("PyTorch", StringComparison.Ordinal));
    foreach (SpeedResult r in new[] { sharp, py })
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Model} | {r.Parameters:N0} | {r.Threads} | {r.Framework} | {r.TrainImagesPerSecond:0.0} | {r.InferImagesPerSecond:0.0} |"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {sharp.Model} | | {sharp.Threads} | TorchSharp / PyTorch | {sharp.TrainImagesPerSecond / py.TrainImagesPerSecond:0.00}x | " +
        $"{sharp.InferImagesPerSecond / py.InferImagesPerSecond:0.00}x |"));
}

return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(
        "usage: skinsight-bench-learning speed [--models resnet18,age] [--threads 1,2] [--steps N] [--warmup N] " +
        "[--python FILE] [--python-exe FILE]");
    return 2;
}
