using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Times the C# analysis against the same pipeline in Python (<c>bench/python/analyze_pipeline.py</c>) on the same
/// photos, with OpenCV on one thread and on all cores. The runs interleave photo by photo, and which side goes first
/// alternates, so load from other processes on the machine falls on both sides alike.
/// </summary>
internal static class PythonCommand
{
    private static readonly string[] s_measures =
    [
        MeasureNames.Redness, MeasureNames.Spots, MeasureNames.Shine, MeasureNames.Texture, MeasureNames.Acne,
        MeasureNames.Wrinkles, MeasureNames.Pores, MeasureNames.DarkCircles, MeasureNames.Evenness,
    ];

    public static int Execute(BenchOptions options)
    {
        List<string> photos = PhotoSets.Pick(options.Images, PhotoSets.Acne, options.Acne);
        if (photos.Count == 0)
        {
            return BenchOptions.Usage($"No photos found under {options.Images}/{PhotoSets.Acne}/images: pass --images <folder>.");
        }

        if (!File.Exists(options.PythonScript))
        {
            return BenchOptions.Usage($"The Python pipeline {options.PythonScript} does not exist: pass --python <file>.");
        }

        int[] threadCounts = [1, Environment.ProcessorCount];
        Directory.CreateDirectory(options.Out);
        // Each thread count gets its own analyzer, whose independent steps run on that many threads.
        SkinAnalyzer[] analyzers = [.. threadCounts.Select(t => new SkinAnalyzer(new SkinAnalyzerOptions { Parallelism = t }))];
        using var disposeAnalyzers = new AnalyzerSet(analyzers);
        using var python = new PythonWorker(options.PythonExecutable, options.PythonScript, options.PythonLab);
        using Process process = Process.GetCurrentProcess();
        string loadBefore = LoadAverage();

        // The first call of each side loads code paths, native libraries and the cascades; it is not timed.
        foreach (SkinAnalyzer analyzer in analyzers)
        {
            analyzer.Analyze(File.ReadAllBytes(photos[0]));
        }

        python.Analyze(photos[0], threadCounts[^1]);

        var rows = new List<Row>();
        for (int i = 0; i < photos.Count; i++)
        {
            byte[] bytes = File.ReadAllBytes(photos[i]);
            for (int t = 0; t < threadCounts.Length; t++)
            {
                int threads = threadCounts[t];
                bool csharpFirst = (i + t) % 2 == 0;
                Timing? csharp = null;
                PythonResult? py = null;
                for (int turn = 0; turn < 2; turn++)
                {
                    if ((turn == 0) == csharpFirst)
                    {
                        csharp = TimeCSharp(analyzers[t], process, bytes, threads);
                    }
                    else
                    {
                        py = python.Analyze(photos[i], threads);
                    }
                }

                rows.Add(new Row(Path.GetFileName(photos[i]), threads, csharp!, py!));
            }

            if ((i + 1) % 20 == 0)
            {
                Console.Error.WriteLine($"{i + 1} of {photos.Count} photos, load average {LoadAverage()}");
            }
        }

        WriteCsv(Path.Combine(options.Out, "python-compare.csv"), rows);
        PrintSummary(rows, threadCounts, photos.Count, loadBefore, options.PythonLab);
        return 0;
    }

    private static Timing TimeCSharp(SkinAnalyzer analyzer, Process process, byte[] bytes, int threads)
    {
        Cv2.SetNumThreads(threads);
        process.Refresh();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        SkinAnalysis analysis = analyzer.Analyze(bytes);
        double wall = stopwatch.Elapsed.TotalMilliseconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        return new Timing(wall, cpu, analysis);
    }

    private static void PrintSummary(List<Row> rows, int[] threadCounts, int photoCount, string loadBefore, string lab)
    {
        Console.WriteLine(
            $"== {photoCount} ACNE04 photos, C# against Python (CIELAB by {lab}); " +
            $"load average {loadBefore} before, {LoadAverage()} after");
        foreach (int threads in threadCounts)
        {
            var group = rows.Where(r => r.Threads == threads).ToList();
            Console.WriteLine($"-- OpenCV threads: {threads}");
            PrintTimes("C#", group.Select(r => r.CSharp.Milliseconds).ToList(), group.Select(r => r.CSharp.CpuMilliseconds).ToList());
            PrintTimes("Python", group.Select(r => r.Python.Milliseconds).ToList(), group.Select(r => r.Python.CpuMilliseconds).ToList());
            double ratio50 = PhotoSets.Percentile(group.Select(r => r.Python.Milliseconds).ToList(), 50)
                / PhotoSets.Percentile(group.Select(r => r.CSharp.Milliseconds).ToList(), 50);
            double ratio95 = PhotoSets.Percentile(group.Select(r => r.Python.Milliseconds).ToList(), 95)
                / PhotoSets.Percentile(group.Select(r => r.CSharp.Milliseconds).ToList(), 95);
            var perPhoto = group.Select(r => r.Python.Milliseconds / r.CSharp.Milliseconds).ToList();
            Console.WriteLine(
                $"  Python/C#: p50 {ratio50:F2}x, p95 {ratio95:F2}x, median of per-photo ratios {PhotoSets.Percentile(perPhoto, 50):F2}x");
        }

        PrintAgreement(rows.Where(r => r.Threads == threadCounts[0]).ToList());
    }

    private static void PrintTimes(string side, List<double> wall, List<double> cpu) =>
        Console.WriteLine(
            $"  {side,-7} wall p50 {PhotoSets.Percentile(wall, 50),6:F1} ms, p95 {PhotoSets.Percentile(wall, 95),6:F1} ms; " +
            $"CPU p50 {PhotoSets.Percentile(cpu, 50),6:F1} ms, p95 {PhotoSets.Percentile(cpu, 95),6:F1} ms");

    /// <summary>Prints how often both sides chose the same mode and how far apart their scores are.</summary>
    private static void PrintAgreement(List<Row> rows)
    {
        int sameMode = rows.Count(r => ModeName(r.CSharp.Analysis.Mode) == r.Python.Mode);
        Console.WriteLine($"-- agreement: same mode on {sameMode} of {rows.Count} photos");
        foreach (string measure in s_measures)
        {
            var differences = rows
                .Where(r => r.CSharp.Analysis.Metrics.ContainsKey(measure) && r.Python.Scores.ContainsKey(measure))
                .Select(r => Math.Abs(r.CSharp.Analysis.Metrics[measure].Score - r.Python.Scores[measure]))
                .ToList();
            if (differences.Count > 0)
            {
                Console.WriteLine(
                    $"  {measure,-12} n={differences.Count,3} |C# - Python| median {PhotoSets.Percentile(differences, 50),5:F2}, " +
                    $"p90 {PhotoSets.Percentile(differences, 90),5:F2}, max {differences.Max(),5:F1}");
            }
        }
    }

    private static string ModeName(AnalysisMode mode) => mode.ToString().ToLowerInvariant();

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static void WriteCsv(string path, List<Row> rows)
    {
        var csv = new StringBuilder("file,threads,csharpMs,csharpCpuMs,pythonMs,pythonCpuMs,csharpMode,pythonMode\n");
        foreach (Row row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{row.File},{row.Threads},{row.CSharp.Milliseconds:F1},{row.CSharp.CpuMilliseconds:F1},");
            csv.Append(CultureInfo.InvariantCulture,
                $"{row.Python.Milliseconds:F1},{row.Python.CpuMilliseconds:F1},{ModeName(row.CSharp.Analysis.Mode)},{row.Python.Mode}\n");
        }

        File.WriteAllText(path, csv.ToString());
        Console.WriteLine($"Wrote {path}");
    }

    private sealed record Timing(double Milliseconds, double CpuMilliseconds, SkinAnalysis Analysis);

    private sealed record PythonResult(double Milliseconds, double CpuMilliseconds, string Mode, Dictionary<string, double> Scores);

    private sealed record Row(string File, int Threads, Timing CSharp, PythonResult Python);

    /// <summary>
    /// A long-running <c>analyze_pipeline.py --serve</c> process: one JSON request line in, one JSON result line out.
    /// The worker times itself, so the pipe and the JSON parsing are not counted.
    /// </summary>
    private sealed class PythonWorker : IDisposable
    {
        private readonly Process _process;

        public PythonWorker(string executable, string script, string lab)
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add("--serve");
            start.ArgumentList.Add("--lab");
            start.ArgumentList.Add(lab);
            _process = Process.Start(start)
                ?? throw new InvalidOperationException($"Failed to start {executable} {script}.");
        }

        public PythonResult Analyze(string path, int threads)
        {
            _process.StandardInput.WriteLine(JsonSerializer.Serialize(new { path, threads }));
            _process.StandardInput.Flush();
            string line = _process.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException(
                    $"The Python worker exited (code {(_process.HasExited ? _process.ExitCode : -1)}) on {path}; its error is above.");
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            var scores = new Dictionary<string, double>();
            foreach (JsonProperty metric in root.GetProperty("metrics").EnumerateObject())
            {
                scores[metric.Name] = metric.Value.GetProperty("score").GetDouble();
            }

            return new PythonResult(
                root.GetProperty("ms").GetDouble(), root.GetProperty("cpuMs").GetDouble(), root.GetProperty("mode").GetString()!, scores);
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }

    /// <summary>Disposes a set of analyzers at the end of a run.</summary>
    private sealed class AnalyzerSet(SkinAnalyzer[] analyzers) : IDisposable
    {
        public void Dispose()
        {
            foreach (SkinAnalyzer analyzer in analyzers)
            {
                analyzer.Dispose();
            }
        }
    }
}
