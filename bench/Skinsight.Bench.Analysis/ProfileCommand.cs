using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Core.Serialization;
using Skinsight.Vision;
using Skinsight.Vision.Analysis;
using Skinsight.Vision.Decoding;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;
using Skinsight.Vision.Measures;
using Skinsight.Vision.Quality;
using Skinsight.Vision.Skin;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Times each stage of the analysis on one thread and writes the full JSON analysis of a fixed set of photos, so a
/// speed change can be checked for changed results.
/// </summary>
/// <remarks>
/// The stages are the steps of <c>SkinAnalyzer.AnalyzeWithFeatures</c> called one by one in the same order, without
/// overlays. Each stage's time is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which other load on the
/// machine disturbs far less than wall time; OpenCV is set to one thread so all work runs on the calling thread.
/// </remarks>
internal static class ProfileCommand
{
    private const int ThreadCpuClock = 3;

    public static int Execute(BenchOptions options)
    {
        Cv2.SetNumThreads(1);
        Directory.CreateDirectory(options.Out);
        var analyzerOptions = new SkinAnalyzerOptions { Parallelism = 1 };
        using var analyzer = new SkinAnalyzer(analyzerOptions);
        WriteResults(analyzer, options);

        List<string> photos = PhotoSets.Pick(options.Images, PhotoSets.Acne, options.Acne);
        if (photos.Count == 0)
        {
            return 0;
        }

        using var faces = new FaceDetector(SkinAnalyzer.ResolveCascadeDirectory(analyzerOptions));
        var classifier = new RuleSkinClassifier();
        var times = new Dictionary<string, List<double>>();
        var totals = new List<double>();

        // The first photo loads code paths and native libraries, so its times are not counted.
        ProfileOne(File.ReadAllBytes(photos[0]), analyzerOptions, faces, classifier, new StageClock([]));
        foreach (string photo in photos)
        {
            byte[] bytes = File.ReadAllBytes(photo);
            var clock = new StageClock(times);
            ProfileOne(bytes, analyzerOptions, faces, classifier, clock);
            totals.Add(clock.Total);
        }

        PrintStages(times, totals, photos.Count);
        return 0;
    }

    /// <summary>Writes the analysis of each chosen photo, with its time set to 0, as results/SET/FILE.json.</summary>
    private static void WriteResults(SkinAnalyzer analyzer, BenchOptions options)
    {
        var sets = new[] { (PhotoSets.Acne, options.Acne), ("ham10000-dermamnist", options.Ham), (PhotoSets.Utk, options.Utk) };
        int written = 0;
        foreach (var (set, count) in sets)
        {
            string folder = Path.Combine(options.Out, "results", set);
            Directory.CreateDirectory(folder);
            foreach (string photo in PhotoSets.Pick(options.Images, set, count))
            {
                SkinAnalysis analysis = analyzer.Analyze(File.ReadAllBytes(photo)) with { ElapsedMs = 0 };
                string json = JsonSerializer.Serialize(analysis, SkinsightJson.Indented);
                File.WriteAllText(Path.Combine(folder, Path.GetFileNameWithoutExtension(photo) + ".json"), json);
                written++;
            }
        }

        Console.WriteLine($"Wrote {written} analyses to {Path.Combine(options.Out, "results")}");
    }

    private static void ProfileOne(
        byte[] bytes, SkinAnalyzerOptions options, FaceDetector faces, ISkinClassifier classifier, StageClock clock)
    {
        using DecodedPhoto decoded = PhotoDecoder.Decode(bytes, options);
        Mat bgr = decoded.Bgr;
        clock.Mark("decode");

        FaceDetection? face = faces.Detect(bgr);
        clock.Mark("face detection");

        double provisionalScale = face?.Face.Width ?? (0.8 * Math.Min(bgr.Cols, bgr.Rows));
        using SkinMasks masks = SkinMaskBuilder.Build(
            bgr, decoded.Opaque, classifier, face is null ? null : SkinAnalyzer.InnerFace(face.Face), provisionalScale);
        clock.Mark("skin masks");

        if (face is not null && !SkinAnalyzer.IsPlausible(face, masks))
        {
            face = null;
        }

        using SkinAnalyzer.Framing framing = SkinAnalyzer.Frame(face, masks, bgr.Size());
        clock.Mark("face regions");

        using LabImage rawLab = LabImage.FromBgr(bgr);
        clock.Mark("CIELAB (raw)");

        QualityFeatures features = SkinAnalyzer.MeasureQuality(decoded, framing, masks, rawLab);
        QualityReport quality = QualityGate.Evaluate(features, options.Quality);
        clock.Mark("quality probes");
        if (quality.Accepted)
        {
            MeasureAll(bgr, rawLab, masks, framing, clock);
        }
    }

    private static void MeasureAll(
        Mat bgr, LabImage rawLab, SkinMasks masks, SkinAnalyzer.Framing framing, StageClock clock)
    {
        using LabImage? normalisedLab = SkinAnalyzer.NormaliseColour(bgr, masks, framing);
        LabImage lab = normalisedLab ?? rawLab;
        clock.Mark("white balance and CIELAB");

        using var colour = new Mat();
        Cv2.BitwiseAnd(masks.Colour, framing.Measured, colour);
        using var context = new MeasureContext(
            framing.Mode, lab, masks.Area, framing.Measured, colour, framing.Regions, framing.Scale);
        clock.Mark("measure context");

        var metrics = new Dictionary<string, MeasureResult>();
        foreach (ISkinMeasure measure in SkinAnalyzer.Measures)
        {
            MeasureOutcome? outcome = measure.Measure(context);
            if (outcome is not null)
            {
                metrics[measure.Name] = outcome.Result;
                outcome.Overlay.Dispose();
            }

            clock.Mark("measure " + measure.Name);
        }

        SkinToneEstimator.Estimate(lab, colour);
        ConcernMapper.Map(metrics);
        clock.Mark("tone and concerns");
    }

    private static void PrintStages(Dictionary<string, List<double>> times, List<double> totals, int photos)
    {
        double meanTotal = totals.Average();
        Console.WriteLine($"{photos} photos, thread CPU time per photo (stages of rejected photos stop early)");
        Console.WriteLine($"| stage | photos | mean ms | median ms | share of total |");
        Console.WriteLine($"| --- | --- | --- | --- | --- |");
        foreach (var (stage, values) in times)
        {
            double perPhoto = values.Sum() / photos;
            Console.WriteLine(
                $"| {stage} | {values.Count} | {values.Average():F1} | {PhotoSets.Percentile(values, 50):F1} | " +
                $"{100 * perPhoto / meanTotal:F0}% |");
        }

        Console.WriteLine(
            $"| total | {photos} | {meanTotal:F1} | {PhotoSets.Percentile(totals, 50):F1} | 100% |");
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    /// <summary>Adds the calling thread's CPU time since the last mark to a named stage.</summary>
    private sealed class StageClock(Dictionary<string, List<double>> times)
    {
        private double _last = ThreadCpuMilliseconds();

        public double Total { get; private set; }

        public void Mark(string stage)
        {
            double now = ThreadCpuMilliseconds();
            double elapsed = now - _last;
            _last = now;
            Total += elapsed;
            if (!times.TryGetValue(stage, out List<double>? list))
            {
                list = [];
                times[stage] = list;
            }

            list.Add(elapsed);
        }
    }

    private static double ThreadCpuMilliseconds()
    {
        if (clock_gettime(ThreadCpuClock, out TimeSpec time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
