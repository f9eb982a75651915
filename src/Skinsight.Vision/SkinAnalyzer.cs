using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Analysis;
using Skinsight.Vision.Decoding;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;
using Skinsight.Vision.Measures;
using Skinsight.Vision.Overlays;
using Skinsight.Vision.Quality;
using Skinsight.Vision.Skin;

namespace Skinsight.Vision;

/// <summary>
/// Turns photo bytes into a <see cref="SkinAnalysis"/>: decodes the photo safely, finds the face and the skin, judges
/// the photo's quality, normalises its colour and runs the skin measures. The pipeline and its calibration are
/// described in <c>docs/analysis.md</c>.
/// </summary>
/// <remarks>
/// One instance is safe for concurrent <see cref="Analyze"/> calls: the Haar cascades, which OpenCV does not allow to
/// be shared between threads, are pooled, and everything else is per call. Create one analyzer and reuse it, since
/// loading the cascades takes about 100 ms.
/// </remarks>
public sealed partial class SkinAnalyzer : IDisposable
{
    private static readonly ISkinMeasure[] s_measures =
    [
        new RednessMeasure(),
        new SpotsMeasure(),
        new ShineMeasure(),
        new TextureMeasure(),
        new AcneMeasure(),
        new WrinklesMeasure(),
        new PoresMeasure(),
        new DarkCirclesMeasure(),
        new EvennessMeasure(),
    ];

    /// <summary>
    /// Indexes into <see cref="s_measures"/> by falling CPU time in the profile of ACNE04 faces
    /// (<c>docs/benchmarks.md</c>), the order in which parallel analyses start them.
    /// </summary>
    private static readonly int[] s_slowestFirst = IndexesOf(
        MeasureNames.Evenness,
        MeasureNames.Spots,
        MeasureNames.Texture,
        MeasureNames.Wrinkles,
        MeasureNames.Pores,
        MeasureNames.Acne,
        MeasureNames.Redness,
        MeasureNames.Shine,
        MeasureNames.DarkCircles);

    /// <summary>The measures in the order they run, for the analysis bench, which times each one.</summary>
    internal static IReadOnlyList<ISkinMeasure> Measures => s_measures;

    /// <summary>Share of a face box's inner part that must be skin-coloured for the face to be believed.</summary>
    private const double MinFaceSkinShare = 0.25;

    /// <summary>
    /// Largest ratio of all skin in the photo to the face box's area for the face to be believed. A face photo shows
    /// some neck, ears and forehead beyond the box, but a small "face" amid a close-up of a cheek is a false detection.
    /// </summary>
    private const double MaxSkinToFaceRatio = 4;

    /// <summary>Fewest skin pixels inside the face regions for a face photo to be measured as one.</summary>
    private const int MinMeasuredPixels = 500;

    private readonly SkinAnalyzerOptions _options;
    private readonly FaceDetector _faces;
    private readonly ISkinClassifier _classifier;

    /// <summary>Creates an analyzer and loads the Haar cascades.</summary>
    /// <exception cref="FileNotFoundException">The Haar cascade files are not found.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its valid range.</exception>
    public SkinAnalyzer(SkinAnalyzerOptions? options = null)
    {
        _options = options ?? new SkinAnalyzerOptions();
        _options.Validate();
        _classifier = _options.SkinClassifier ?? new RuleSkinClassifier();
        _faces = new FaceDetector(ResolveCascadeDirectory(_options));
    }

    /// <summary>Analyses one photo.</summary>
    /// <param name="photo">The bytes of a JPEG, PNG or WebP file.</param>
    /// <param name="overlayDirectory">
    /// A folder to write one overlay PNG per measure into (created when missing), named after the measure; null for
    /// none. Files of the same names are overwritten.
    /// </param>
    /// <returns>The analysis; a photo that fails the quality gate gives <see cref="AnalysisMode.Rejected"/>.</returns>
    /// <exception cref="InvalidImageException">The bytes are not a usable image.</exception>
    public SkinAnalysis Analyze(ReadOnlySpan<byte> photo, string? overlayDirectory = null) =>
        AnalyzeWithFeatures(photo, overlayDirectory, measure: true).Analysis;

    /// <summary>
    /// Checks that an encoded photo decodes (format, header, pixel limits and complete pixel data) without
    /// analysing it, so a truncated or corrupt upload can be refused before it is queued.
    /// </summary>
    /// <exception cref="InvalidImageException">The bytes are not a usable image.</exception>
    public void CheckDecodes(ReadOnlySpan<byte> photo) => Decoding.PhotoDecoder.CheckDecodes(photo, _options);

    /// <summary>
    /// Runs only the quality gate on an encoded photo: the score, the issues and their retake advice, without the
    /// measures or overlays. Throws for a photo that does not decode, as <see cref="Analyze"/> does.
    /// </summary>
    public QualityReport CheckQuality(ReadOnlySpan<byte> photo) =>
        AnalyzeWithFeatures(photo, overlayDirectory: null, measure: false).Analysis.Quality;

    public void Dispose() => _faces.Dispose();

    /// <summary>
    /// Analyses a photo and also returns the raw quality quantities, for calibration. With <paramref name="measure"/>
    /// false it stops after the quality gate.
    /// </summary>
    internal (SkinAnalysis Analysis, QualityFeatures Features) AnalyzeWithFeatures(
        ReadOnlySpan<byte> photo, string? overlayDirectory, bool measure)
    {
        var stopwatch = Stopwatch.StartNew();
        using DecodedPhoto decoded = PhotoDecoder.Decode(photo, _options);
        Mat bgr = decoded.Bgr;

        // The CIELAB planes of the photo do not depend on the face, so they are converted while the cascades run.
        Task<LabImage> rawLabTask = _options.Parallelism > 1
            ? Task.Run(() => LabImage.FromBgr(bgr))
            : Task.FromResult(LabImage.FromBgr(bgr));
        try
        {
            return AnalyzeDecoded(decoded, rawLabTask, overlayDirectory, measure, stopwatch);
        }
        finally
        {
            // The conversion reads the decoded pixels, so it has to end before they are freed, also when a step threw.
            // A failure of the conversion itself reaches the caller from AnalyzeDecoded, unless another step threw first.
            try
            {
                rawLabTask.Wait();
            }
            catch (AggregateException)
            {
            }

            if (rawLabTask.IsCompletedSuccessfully)
            {
                rawLabTask.Result.Dispose();
            }
        }
    }

    private (SkinAnalysis Analysis, QualityFeatures Features) AnalyzeDecoded(
        DecodedPhoto decoded, Task<LabImage> rawLabTask, string? overlayDirectory, bool measure, Stopwatch stopwatch)
    {
        Mat bgr = decoded.Bgr;
        FaceDetection? face = _faces.Detect(bgr);
        double provisionalScale = face?.Face.Width ?? (0.8 * Math.Min(bgr.Cols, bgr.Rows));
        using SkinMasks masks = SkinMaskBuilder.Build(
            bgr, decoded.Opaque, _classifier, face is null ? null : InnerFace(face.Face), provisionalScale);
        if (face is not null && !IsPlausible(face, masks))
        {
            face = null;
        }

        using Framing framing = Frame(face, masks, bgr.Size());
        LabImage rawLab = rawLabTask.GetAwaiter().GetResult();
        QualityFeatures features = MeasureQuality(decoded, framing, masks, rawLab);
        if (face is null && features.SkinShare < _options.Quality.MinCloseupSkinShare)
        {
            // The photo is rejected either way, so a face too small for the first scan changes only the reported issue.
            features = features with { SmallFaceWidthFraction = FindSmallFace(bgr, masks) };
        }

        QualityReport quality = QualityGate.Evaluate(features, _options.Quality);
        var analysis = new SkinAnalysis
        {
            Mode = quality.Accepted ? framing.Mode : AnalysisMode.Rejected,
            Quality = quality,
            Image = decoded.Info,
            Regions = ToOriginal(framing.Regions, decoded.Scale),
        };

        if (quality.Accepted && measure)
        {
            analysis = Measure(analysis, bgr, rawLab, masks, framing, overlayDirectory, _options.Parallelism);
        }

        return (analysis with { ElapsedMs = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1) }, features);
    }

    /// <summary>Chooses the mode, the regions and the measured area for the face found, or for a close-up.</summary>
    internal static Framing Frame(FaceDetection? face, SkinMasks masks, Size imageSize)
    {
        if (face is not null)
        {
            Dictionary<string, Rect> regions =
                FaceRegions.Derive(face, FaceRegions.RefineView(face, masks.Colour), imageSize);
            Mat measured = SkinInRegions(masks.Area, regions);
            if (Cv2.CountNonZero(measured) >= MinMeasuredPixels)
            {
                return new Framing(face, AnalysisMode.Face, face.Face.Width, regions, measured);
            }

            // The regions missed the skin (a face box off the face), so the photo is measured as a close-up.
            measured.Dispose();
        }

        var skin = new Dictionary<string, Rect> { [RegionNames.Skin] = Cv2.BoundingRect(masks.Area) };
        double scale = Math.Sqrt(Math.Max(1, Cv2.CountNonZero(masks.Area)) / FaceArea.FaceWidthsSquared);
        return new Framing(null, AnalysisMode.Closeup, scale, skin, masks.Area.Clone());
    }

    /// <summary>Normalises the colour, runs every measure and returns <paramref name="analysis"/> with the results.</summary>
    private static SkinAnalysis Measure(
        SkinAnalysis analysis,
        Mat bgr,
        LabImage rawLab,
        SkinMasks masks,
        Framing framing,
        string? overlayDirectory,
        int parallelism)
    {
        using LabImage? normalisedLab = NormaliseColour(bgr, masks, framing);
        LabImage lab = normalisedLab ?? rawLab;
        using var colour = new Mat();
        Cv2.BitwiseAnd(masks.Colour, framing.Measured, colour);
        if (overlayDirectory is not null)
        {
            Directory.CreateDirectory(overlayDirectory);
        }

        using var context = new MeasureContext(
            framing.Mode, lab, masks.Area, framing.Measured, colour, framing.Regions, framing.Scale);
        var runs = new MeasureRun[s_measures.Length];
        void Run(int index)
        {
            ISkinMeasure skinMeasure = s_measures[index];
            MeasureOutcome? outcome = skinMeasure.Measure(context);
            if (outcome is null)
            {
                runs[index] = new MeasureRun(null, null, skinMeasure.ExplainNotMeasured(context));
                return;
            }

            using MeasureOverlay overlay = outcome.Overlay;
            string? overlayPath = overlayDirectory is null
                ? null
                : OverlayRenderer.Write(
                    overlayDirectory, skinMeasure.Name, outcome.Result, overlay, bgr, framing.Measured, framing.Regions);
            runs[index] = new MeasureRun(
                Finite(outcome.Result) with { Noise = MeasureNoise.Of(skinMeasure.Name) }, overlayPath, null);
        }

        RunAll(Run, parallelism);

        var metrics = new Dictionary<string, MeasureResult>();
        var overlays = new Dictionary<string, string>();
        var notMeasured = new List<QualityIssue>();
        for (int i = 0; i < s_measures.Length; i++)
        {
            string name = s_measures[i].Name;
            MeasureRun run = runs[i];
            if (run.Result is not null)
            {
                metrics[name] = run.Result;
            }

            if (run.OverlayPath is not null)
            {
                overlays[name] = run.OverlayPath;
            }

            if (run.NotMeasured is not null)
            {
                notMeasured.Add(run.NotMeasured);
            }
        }

        return analysis with
        {
            // A measure that could not run lowers no score, but its quality issue explains why and how to get it.
            Quality = analysis.Quality with { Issues = [.. analysis.Quality.Issues, .. notMeasured] },
            Metrics = metrics,
            // ITA° follows L* one for one, so under- or over-exposure moves it by whole categories: a light face at
            // half exposure reads as dark. The tone is left out, and the exposure issue's message gives the reason.
            SkinTone = HasExposureIssue(analysis.Quality) ? null : SkinToneEstimator.Estimate(lab, colour),
            Concerns = ConcernMapper.Map(metrics),
            Overlays = overlays,
        };
    }

    /// <summary>
    /// Runs <paramref name="run"/> for every measure index, on up to <paramref name="parallelism"/> threads. The
    /// slowest measures start first, so that the others fill the remaining threads around them.
    /// </summary>
    private static void RunAll(Action<int> run, int parallelism)
    {
        if (parallelism <= 1)
        {
            for (int i = 0; i < s_measures.Length; i++)
            {
                run(i);
            }

            return;
        }

        try
        {
            Parallel.ForEach(
                Partitioner.Create(s_slowestFirst, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism },
                run);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Returns the index of each named measure in <see cref="s_measures"/>; every measure must be named once.</summary>
    private static int[] IndexesOf(params string[] names)
    {
        int[] indexes = [.. names.Select(name => Array.FindIndex(s_measures, m => m.Name == name))];
        if (indexes.Contains(-1) || indexes.Distinct().Count() != s_measures.Length)
        {
            throw new InvalidOperationException("The measure schedule must name every measure once.");
        }

        return indexes;
    }

    /// <summary>What one measure gave: its result and overlay file, or why it was not measured.</summary>
    private sealed record MeasureRun(MeasureResult? Result, string? OverlayPath, QualityIssue? NotMeasured);

    /// <summary>
    /// Returns the CIELAB planes of the white-balanced image, or null when the gains are neutral and the planes of the
    /// original image serve as they are.
    /// </summary>
    internal static LabImage? NormaliseColour(Mat bgr, SkinMasks masks, Framing framing)
    {
        using Mat background = masks.Area.Clone();
        if (framing.Face is not null)
        {
            background.Rectangle(framing.Face.Face, Scalar.All(255), -1);
        }

        (double B, double G, double R) gains = WhiteBalance.EstimateGains(bgr, background);
        if (gains == WhiteBalance.Neutral)
        {
            return null;
        }

        using Mat normalised = WhiteBalance.Apply(bgr, gains);
        return LabImage.FromBgr(normalised);
    }

    private static bool HasExposureIssue(QualityReport quality) =>
        quality.Issues.Any(i => i.Code is QualityGate.TooDark or QualityGate.TooBright);

    internal static string ResolveCascadeDirectory(SkinAnalyzerOptions options)
    {
        if (options.CascadeDirectory is not null)
        {
            return options.CascadeDirectory;
        }

        foreach (string directory in SkinAnalyzerOptions.DefaultCascadeDirectories)
        {
            if (File.Exists(Path.Combine(directory, "haarcascade_frontalface_default.xml")))
            {
                return directory;
            }
        }

        throw new FileNotFoundException(
            "OpenCV's Haar cascades were not found in " + string.Join(", ", SkinAnalyzerOptions.DefaultCascadeDirectories) +
            ": install the Debian package opencv-data, or set SkinAnalyzerOptions.CascadeDirectory.");
    }

    /// <summary>
    /// Returns false for a face box with little skin in it (a false detection, or a greyscale photo, which the gate
    /// rejects) and for a small box amid far more skin.
    /// </summary>
    internal static bool IsPlausible(FaceDetection face, SkinMasks masks)
    {
        double boxArea = (double)face.Face.Width * face.Face.Height;
        return SkinShare(masks.Colour, InnerFace(face.Face)) >= MinFaceSkinShare
            && Cv2.CountNonZero(masks.Area) <= MaxSkinToFaceRatio * boxArea;
    }

    /// <summary>
    /// Returns the width over the image width of a plausible face smaller than the first scan looks for, or 0 when
    /// there is none.
    /// </summary>
    private double FindSmallFace(Mat bgr, SkinMasks masks) =>
        _faces.DetectSmall(bgr) is { } small && IsPlausible(small, masks) ? (double)small.Face.Width / bgr.Cols : 0;

    /// <summary>The middle of a face box (cheeks, nose, mouth), where skin is sure to be.</summary>
    internal static Rect InnerFace(Rect face) =>
        new(face.X + (face.Width / 5), face.Y + (face.Height * 2 / 5), face.Width * 3 / 5, face.Height * 2 / 5);

    private static double SkinShare(Mat mask, Rect rect)
    {
        rect = rect.Intersect(new Rect(0, 0, mask.Cols, mask.Rows));
        if (rect.Width <= 0 || rect.Height <= 0)
        {
            return 0;
        }

        using var roi = new Mat(mask, rect);
        return (double)Cv2.CountNonZero(roi) / (rect.Width * rect.Height);
    }

    /// <summary>Returns the skin inside the face regions, the area that the measures read in face mode.</summary>
    private static Mat SkinInRegions(Mat area, Dictionary<string, Rect> regions)
    {
        var inRegions = new Mat(area.Size(), MatType.CV_8UC1, Scalar.All(0));
        foreach (var (name, rect) in regions)
        {
            if (name != RegionNames.Face)
            {
                inRegions.Rectangle(rect, Scalar.All(255), -1);
            }
        }

        Cv2.BitwiseAnd(inRegions, area, inRegions);
        return inRegions;
    }

    internal static QualityFeatures MeasureQuality(DecodedPhoto decoded, Framing framing, SkinMasks masks, LabImage rawLab)
    {
        Mat bgr = decoded.Bgr;
        FaceDetection? face = framing.Face;
        var (medianL, litL, clipped) = QualityProbe.Exposure(bgr, rawLab, framing.Measured);
        double sharpness;
        if (face is not null)
        {
            using var all = new Mat(bgr.Size(), MatType.CV_8UC1, Scalar.All(255));
            sharpness = QualityProbe.Sharpness(bgr, all, face.Face, framing.Scale);
        }
        else
        {
            sharpness = QualityProbe.Sharpness(bgr, masks.Area, framing.Regions[RegionNames.Skin], framing.Scale);
        }

        return new QualityFeatures
        {
            ShortSide = Math.Min(decoded.Info.Width, decoded.Info.Height),
            HasFace = face is not null,
            FaceWidthFraction = face is null ? 0 : (double)face.Face.Width / bgr.Cols,
            FaceWidthPixels = face is null ? 0 : face.Face.Width / decoded.Scale,
            SkinShare = masks.Share,
            MeanChroma = QualityProbe.MeanChroma(rawLab),
            MedianL = medianL,
            LitL = litL,
            ClippedShare = clipped,
            Highlight = QualityProbe.Highlight(bgr),
            Sharpness = sharpness,
            LightingRange = QualityProbe.LightingRange(rawLab, framing.Measured, framing.Scale),
        };
    }

    /// <summary>
    /// Returns <paramref name="result"/> without non-finite numbers, which JSON cannot hold: a score becomes 0 and a
    /// region score or detail is left out. They arise only from empty areas.
    /// </summary>
    private static MeasureResult Finite(MeasureResult result) => result with
    {
        Score = double.IsFinite(result.Score) ? result.Score : 0,
        Regions = result.Regions.Where(r => double.IsFinite(r.Value)).ToDictionary(),
        Details = result.Details.Where(d => double.IsFinite(d.Value)).ToDictionary(),
    };

    private static List<SkinRegion> ToOriginal(Dictionary<string, Rect> regions, double scale) =>
        regions
            .Select(r => new SkinRegion(
                r.Key,
                (int)Math.Round(r.Value.X / scale),
                (int)Math.Round(r.Value.Y / scale),
                (int)Math.Round(r.Value.Width / scale),
                (int)Math.Round(r.Value.Height / scale)))
            .ToList();

    /// <summary>How a photo is measured: its face (or none), mode, reference size, regions and measured area.</summary>
    internal sealed record Framing(
        FaceDetection? Face,
        AnalysisMode Mode,
        double Scale,
        Dictionary<string, Rect> Regions,
        Mat Measured) : IDisposable
    {
        public void Dispose() => Measured.Dispose();
    }
}
