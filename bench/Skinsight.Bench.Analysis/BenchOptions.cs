namespace Skinsight.Bench.Analysis;

/// <summary>Command-line options of the analysis bench.</summary>
internal sealed record BenchOptions
{
    public string Command { get; init; } = "run";

    /// <summary>Folder holding the image data sets (acne04-roboflow, utkface-crop-part1, uci-skin-segmentation).</summary>
    public string Images { get; init; } = DefaultImages();

    public int Acne { get; init; } = 100;

    public int Utk { get; init; } = 100;

    /// <summary>How many HAM10000 (DermaMNIST) close-ups the profile command analyses.</summary>
    public int Ham { get; init; }

    public string Out { get; init; } = Path.Combine(Path.GetTempPath(), "skinsight-bench");

    /// <summary>How many photos of each set get overlay PNGs.</summary>
    public int Overlays { get; init; }

    /// <summary>Score every n-th row only, for quick tuning runs.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Split whose rows the lesions mode scores: tune on train, then score the chosen settings on val once.</summary>
    public string Split { get; init; } = "train";

    /// <summary>Settings to try, each <c>Name=value;Name=value</c>, from repeated <c>--try</c> options.</summary>
    public IReadOnlyList<string> Grid { get; init; } = [];

    /// <summary>The Python pipeline that the python command times against the C# one.</summary>
    public string PythonScript { get; init; } = Path.Combine(RepositoryRoot(), "bench", "python", "analyze_pipeline.py");

    /// <summary>The Python interpreter; Debian's, whose python3-opencv and python3-skimage packages the script needs.</summary>
    public string PythonExecutable { get; init; } = "/usr/bin/python3";

    /// <summary>Library that converts to CIELAB in the Python pipeline: opencv (as the C# code) or skimage.</summary>
    public string PythonLab { get; init; } = "opencv";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            options = options with { Command = args[0] };
            i = 1;
        }

        for (; i < args.Length; i += 2)
        {
            string value = i + 1 < args.Length
                ? args[i + 1]
                : throw new ArgumentException($"The option {args[i]} needs a value.");
            options = args[i] switch
            {
                "--images" => options with { Images = value },
                "--acne" => options with { Acne = int.Parse(value) },
                "--utk" => options with { Utk = int.Parse(value) },
                "--ham" => options with { Ham = int.Parse(value) },
                "--out" => options with { Out = value },
                "--overlays" => options with { Overlays = int.Parse(value) },
                "--stride" => options with { Stride = int.Parse(value) },
                "--split" => options with { Split = value },
                "--try" => options with { Grid = [.. options.Grid, value] },
                "--python" => options with { PythonScript = value },
                "--python-exe" => options with { PythonExecutable = value },
                "--lab" => options with { PythonLab = value is "opencv" or "skimage" ? value
                    : throw new ArgumentException($"Invalid --lab value '{value}': use opencv or skimage.") },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return options;
    }

    public static int Usage(string problem)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine(
            "Usage: Skinsight.Bench.Analysis run|calibrate|noise|skin|acne|acne-grades|tone|lesions|python|profile [--images DIR] [--acne N] " +
            "[--utk N] [--ham N] [--out DIR] [--overlays N] [--stride N] [--split NAME] [--try Name=value;...] " +
            "[--python FILE] [--python-exe FILE] [--lab opencv|skimage]");
        return 2;
    }

    /// <summary>Returns SKINSIGHT_SHARED_DATA/images, or ../shared/data/images beside the repository.</summary>
    private static string DefaultImages()
    {
        string? shared = Environment.GetEnvironmentVariable("SKINSIGHT_SHARED_DATA");
        if (!string.IsNullOrEmpty(shared))
        {
            return Path.Combine(shared, "images");
        }

        return Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", "images"));
    }

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
