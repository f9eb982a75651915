using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Skinsight.Learning.Age;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using TorchSharp;
using static TorchSharp.torch;

namespace Skinsight.Bench.Learning;

/// <summary>
/// Images per second of one network in one framework at one thread count, with the network's number of trainable
/// values, which must be equal in both frameworks.
/// </summary>
internal sealed record SpeedResult(
    string Framework, string Model, long Parameters, int Threads, int Batch, int InferenceBatch, int Steps,
    double TrainImagesPerSecond, double InferImagesPerSecond);

/// <summary>
/// One network as Skinsight trains and runs it: its input side, the training and inference batch sizes of its
/// training code, and how to build the network, its optimiser and its loss.
/// </summary>
internal sealed record NetworkSetup(string Name, int Side, int Batch, int InferenceBatch)
{
    /// <summary>
    /// Returns the setup of <paramref name="name"/>: the condition classifier (ResNet-18 and its head, 224x224,
    /// batch 32 as ConditionTrainingOptions) or the skin-age CNN (64x64, batch 64, inference batch 256 as AgeTraining).
    /// </summary>
    public static NetworkSetup Named(string name) => name switch
    {
        "resnet18" => new NetworkSetup(name, ResNet18Backbone.PretrainedSize, 32, 32),
        "age" => new NetworkSetup(name, AgeTrainingOptions.DefaultInputSize, 64, 256),
        _ => throw new ArgumentException($"Unknown network '{name}'.", nameof(name)),
    };

    public nn.Module<Tensor, Tensor> CreateNetwork() => Name == "resnet18"
        ? new ConditionNetwork(new ResNet18Backbone(), new ClassifierHead(ResNet18Backbone.FeatureCount, ConditionClasses.Count))
        : new AgeNetwork();

    /// <summary>The optimiser settings of FineTuner.MeasureStep and of the shipped skin-age model's training.</summary>
    public optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> network) => Name == "resnet18"
        ? optim.AdamW(network.parameters(), 1e-4)
        : optim.AdamW(network.parameters(), 3e-3, weight_decay: 5e-4);

    public Tensor Loss(Tensor output, Tensor target) => Name == "resnet18"
        ? nn.functional.cross_entropy(output, target)
        : nn.functional.l1_loss(output, target);

    public Tensor CreateTarget() => Name == "resnet18"
        ? randint(0, ConditionClasses.Count, [Batch])
        : rand(Batch) * 8;
}

/// <summary>Runs the speed measurement in TorchSharp in this process, and in PyTorch through the Python script.</summary>
internal static class SpeedRun
{
    public static SpeedResult TorchSharp(NetworkSetup setup, int threads, int steps, int warmup)
    {
        set_num_threads(threads);
        random.manual_seed(1);
        using nn.Module<Tensor, Tensor> network = setup.CreateNetwork();
        using optim.Optimizer optimizer = setup.CreateOptimizer(network);
        using Tensor trainInput = rand(setup.Batch, 3, setup.Side, setup.Side) * 255;
        using Tensor inferenceInput = rand(setup.InferenceBatch, 3, setup.Side, setup.Side) * 255;
        using Tensor target = setup.CreateTarget();

        double Train(int count)
        {
            network.train();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                setup.Loss(network.forward(trainInput), target).backward();
                optimizer.step();
            }

            return count * setup.Batch / clock.Elapsed.TotalSeconds;
        }

        double Infer(int count)
        {
            network.eval();
            using var disabled = no_grad();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                network.forward(inferenceInput);
            }

            return count * setup.InferenceBatch / clock.Elapsed.TotalSeconds;
        }

        Train(warmup);
        double trainRate = Train(steps);
        Infer(warmup);
        double inferRate = Infer(steps);
        string version = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?";
        long parameters = network.parameters().Sum(p => p.numel());
        return new SpeedResult($"TorchSharp {version}", setup.Name, parameters, threads, setup.Batch, setup.InferenceBatch,
            steps, Math.Round(trainRate, 2), Math.Round(inferRate, 2));
    }

    /// <summary>Runs the PyTorch script for one network and thread count and returns its result line.</summary>
    /// <exception cref="InvalidOperationException">The script fails or prints no result.</exception>
    public static SpeedResult PyTorch(SpeedOptions options, NetworkSetup setup, int threads)
    {
        var start = new ProcessStartInfo(options.PythonExecutable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            options.PythonScript, "--model", setup.Name, "--threads", Text(threads), "--batch", Text(setup.Batch),
            "--inference-batch", Text(setup.InferenceBatch), "--steps", Text(options.Steps), "--warmup", Text(options.Warmup),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)
            ?? throw new InvalidOperationException($"Failed to start {options.PythonExecutable}.");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string? line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException(
                $"{options.PythonScript} failed with exit code {process.ExitCode} for {setup.Name} on {threads} threads; its error is above.");
        }

        return JsonSerializer.Deserialize<SpeedResult>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{options.PythonScript} printed no result: {line}");
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
