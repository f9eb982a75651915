using System.Globalization;

namespace Skinsight.Bench.Learning;

/// <summary>Command-line options of the speed command.</summary>
internal sealed record SpeedOptions
{
    public IReadOnlyList<string> Models { get; init; } = ["resnet18", "age"];

    /// <summary>Intra-op thread counts to measure, each set with torch.set_num_threads in both frameworks.</summary>
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];

    /// <summary>Timed batches of training and, separately, of inference.</summary>
    public int Steps { get; init; } = 5;

    /// <summary>Untimed batches run before each timing.</summary>
    public int Warmup { get; init; } = 2;

    public string PythonScript { get; init; } = Path.Combine(RepositoryRoot(), "bench", "python", "learning_speed.py");

    /// <summary>The Python interpreter; Debian's, whose python3-torch package the script needs.</summary>
    public string PythonExecutable { get; init; } = "/usr/bin/python3";

    /// <exception cref="ArgumentException">An option is unknown, lacks its value or has an invalid one.</exception>
    public static SpeedOptions Parse(string[] args)
    {
        var options = new SpeedOptions();
        for (int i = 0; i < args.Length; i += 2)
        {
            string value = i + 1 < args.Length
                ? args[i + 1]
                : throw new ArgumentException($"The option {args[i]} needs a value.");
            options = args[i] switch
            {
                "--models" => options with { Models = ParseModels(value) },
                "--threads" => options with { Threads = value.Split(',').Select(v => Positive("--threads", v)).ToArray() },
                "--steps" => options with { Steps = Positive("--steps", value) },
                "--warmup" => options with { Warmup = Positive("--warmup", value) },
                "--python" => options with { PythonScript = value },
                "--python-exe" => options with { PythonExecutable = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return options;
    }

    private static string[] ParseModels(string value)
    {
        string[] models = value.Split(',');
        string? unknown = models.FirstOrDefault(m => m is not ("resnet18" or "age"));
        return unknown is null
            ? models
            : throw new ArgumentException($"Invalid --models entry '{unknown}': use resnet18, age or both, comma-separated.");
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"Invalid {option} value '{value}': give a whole number above 0.");

    /// <summary>Returns the nearest folder above the bench's binaries that contains global.json, or the current folder.</summary>
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "global.json")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? ".";
    }
}
