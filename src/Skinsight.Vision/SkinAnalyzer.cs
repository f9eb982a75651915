using System.Diagnostics;
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
public sealed class SkinAnalyzer : IDisposable
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

    /// <summary>Share of a face box's inner part that must be skin-coloured for the face to be believed.</summary>
    private const double MinFaceSkinShare = 0.25;

    /// <summary>
    /// Largest ratio of all skin in the photo to the face box's area for the face to be believed. A face photo shows
    /// some neck, ears and forehead beyond the box; a small "face" amid a close-up of a cheek is a false detection.
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

        FaceDetection? face = _faces.Detect(bgr);
        double provisionalScale = face?.Face.Width ?? (0.8 * Math.Min(bgr.Cols, bgr.Rows));
        using SkinMasks masks = SkinMaskBuilder.Build(
            bgr, decoded.Opaque, _classifier, face is null ? null : InnerFace(face.Face), provisionalScale);
        if (face is not null && !IsPlausible(face, masks))
        {
            face = null;
        }

        using LabImage rawLab = LabImage.FromBgr(bgr);
        AnalysisMode mode = face is not null ? AnalysisMode.Face : AnalysisMode.Closeup;
        double scale = face?.Face.Width ?? Math.Sqrt(Math.Max(1, Cv2.CountNonZero(masks.Area)) / 0.6);
        Dictionary<string, Rect> regions = face is not null
            ? FaceRegions.Derive(face, FaceRegions.RefineView(face, masks.Colour), bgr.Size())
            : new Dictionary<string, Rect> { [RegionNames.Skin] = Cv2.BoundingRect(masks.Area) };

        Mat measured = MeasuredArea(mode, masks.Area, regions);
        if (mode == AnalysisMode.Face && Cv2.CountNonZero(measured) < MinMeasuredPixels)
        {
            // The regions missed the skin (a face box off the face); measure the photo as a close-up instead.
            measured.Dispose();
            face = null;
            mode = AnalysisMode.Closeup;
            regions = new Dictionary<string, Rect> { [RegionNames.Skin] = Cv2.BoundingRect(masks.Area) };
            scale = Math.Sqrt(Math.Max(1, Cv2.CountNonZero(masks.Area)) / 0.6);
            measured = masks.Area.Clone();
        }

        using Mat measuredArea = measured;
        QualityFeatures features = MeasureQuality(decoded, face, masks, rawLab, measured, regions, scale);
        QualityReport quality = QualityGate.Evaluate(features, _options.Quality);
        List<SkinRegion> regionList = ToOriginal(regions, decoded.Scale);
        if (!quality.Accepted || !measure)
        {
            return (new SkinAnalysis
            {
                Mode = quality.Accepted ? mode : AnalysisMode.Rejected,
                Quality = quality,
                Image = decoded.Info,
                Regions = regionList,
                ElapsedMs = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1),
            }, features);
        }

        using Mat background = masks.Area.Clone();
        if (face is not null)
        {
            background.Rectangle(face.Face, Scalar.All(255), -1);
        }

        using Mat normalised = WhiteBalance.Apply(bgr, WhiteBalance.EstimateGains(bgr, background));
        using LabImage lab = LabImage.FromBgr(normalised);
        using var colour = new Mat();
        Cv2.BitwiseAnd(masks.Colour, measured, colour);

        var metrics = new Dictionary<string, MeasureResult>();
        var overlays = new Dictionary<string, string>();
        using (var context = new MeasureContext(mode, lab, masks.Area, measured, colour, regions, scale))
        {
            if (overlayDirectory is not null)
            {
                Directory.CreateDirectory(overlayDirectory);
            }

            foreach (ISkinMeasure skinMeasure in s_measures)
            {
                MeasureOutcome? outcome = skinMeasure.Measure(context);
                if (outcome is null)
                {
                    continue;
                }

                using MeasureOverlay overlay = outcome.Overlay;
                metrics[skinMeasure.Name] = Finite(outcome.Result);
                if (overlayDirectory is not null)
                {
                    overlays[skinMeasure.Name] = OverlayRenderer.Write(
                        overlayDirectory, skinMeasure.Name, outcome.Result, overlay, bgr, measured, regions);
                }
            }
        }

        return (new SkinAnalysis
        {
            Mode = mode,
            Quality = quality,
            Image = decoded.Info,
            Metrics = metrics,
            SkinTone = SkinToneEstimator.Estimate(lab, colour),
            Regions = regionList,
            Concerns = ConcernMapper.Map(metrics),
            Overlays = overlays,
            ElapsedMs = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1),
        }, features);
    }

    private static string ResolveCascadeDirectory(SkinAnalyzerOptions options)
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
    private static bool IsPlausible(FaceDetection face, SkinMasks masks)
    {
        double boxArea = (double)face.Face.Width * face.Face.Height;
        return SkinShare(masks.Colour, InnerFace(face.Face)) >= MinFaceSkinShare
            && Cv2.CountNonZero(masks.Area) <= MaxSkinToFaceRatio * boxArea;
    }

    /// <summary>The middle of a face box (cheeks, nose, mouth), where skin is sure to be.</summary>
    private static Rect InnerFace(Rect face) =>
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

    /// <summary>Returns the skin area that the measures read: inside the face regions in face mode.</summary>
    private static Mat MeasuredArea(AnalysisMode mode, Mat area, Dictionary<string, Rect> regions)
    {
        if (mode != AnalysisMode.Face)
        {
            return area.Clone();
        }

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

    private static QualityFeatures MeasureQuality(
        DecodedPhoto decoded,
        FaceDetection? face,
        SkinMasks masks,
        LabImage rawLab,
        Mat measured,
        Dictionary<string, Rect> regions,
        double scale)
    {
        Mat bgr = decoded.Bgr;
        var (medianL, litL, clipped) = QualityProbe.Exposure(bgr, rawLab, measured);
        double sharpness;
        if (face is not null)
        {
            using var all = new Mat(bgr.Size(), MatType.CV_8UC1, Scalar.All(255));
            sharpness = QualityProbe.Sharpness(bgr, all, face.Face, scale);
        }
        else
        {
            sharpness = QualityProbe.Sharpness(bgr, masks.Area, regions[RegionNames.Skin], scale);
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
            Sharpness = sharpness,
            LightingRange = QualityProbe.LightingRange(rawLab, measured, scale),
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
}
