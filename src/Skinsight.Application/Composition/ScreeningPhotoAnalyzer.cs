using System.Diagnostics;
using OpenCvSharp;
using SkiaSharp;
using Skinsight.Application.Ports;
using Skinsight.Core.Analysis;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Age;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Segmentation;
using Skinsight.Vision;

namespace Skinsight.Application.Composition;

/// <summary>
/// Adds the learned models to the Vision analysis. Close-ups get the skin-condition screen: when the condition
/// classifier's summed probability of melanoma, basal cell carcinoma and actinic keratosis passes its threshold, the
/// analysis carries a "see a dermatologist" flag that every interface shows. Face photos get an estimated skin age,
/// and face photos and skin close-ups that are not dermoscopy get a learned acne lesion count, when those models are
/// installed. So do dermoscopy-like close-ups that the face discriminant takes for part of a face. With the photo grader installed too, the acne grade comes from the count and the grader together
/// (<see cref="AcneGradeFusion"/>).
/// </summary>
/// <remarks>
/// The classifier's ResNet-18 features are also compared with two references fitted on real photos: a close-up
/// unlike every skin photo is rejected as <see cref="NotSkinCode"/>, and one unlike the dermoscopy close-ups the
/// classifier learned from gets <see cref="ScreenNotRunCode"/> instead of the screen's verdict. Selfies in face mode
/// are not screened because the model never saw whole faces.
/// </remarks>
public sealed class ScreeningPhotoAnalyzer : IPhotoAnalyzer, IDisposable
{
    /// <summary>Code of the flag raised when a close-up could not be screened.</summary>
    public const string ScreenNotRunCode = "screen-not-run";

    /// <summary>Code of the quality issue raised when a close-up does not look like skin.</summary>
    public const string NotSkinCode = "not-skin";

    /// <summary>File name, without extension, of the lesion outline overlay.</summary>
    public const string LesionOverlayName = "lesion";

    /// <summary>File name, without extension, of the overlay of the learned acne lesion boxes.</summary>
    public const string AcneOverlayName = "acne-lesions";

    /// <summary>
    /// Maximum side length at which the photo is decoded for the classifier (128 px for the shipped model) and its
    /// feature references (224 px).
    /// </summary>
    private const int ScreeningSide = 512;

    /// <summary>Maximum side length at which the photo is decoded for the acne lesion counter (640 px input).</summary>
    private const int AcneSide = 1280;

    /// <summary>
    /// Shortest photo side the acne lesion counter runs on. It learned from 640x640 photos of acne patients. On 25
    /// UTKFace crops of 200x200 it counted 3 to 37 lesions, 7 of them "severe", so this limit leaves such crops out.
    /// </summary>
    private const int MinAcneSide = 480;

    private static readonly string[] AcneGradeNames = ["mild", "moderate", "severe", "very severe"];

    /// <summary>Box colours (BGR) of the acne overlay by lesion type: whitehead and blackhead white, papules red, pustules yellow, nodules and cysts magenta.</summary>
    private static readonly Scalar[] AcneTypeColours =
        [new(255, 255, 255), new(40, 40, 255), new(0, 230, 255), new(255, 0, 255)];

    private readonly SkinAnalyzer _vision;
    private readonly ConditionClassifier? _classifier;
    private readonly AgeEstimator? _ageEstimator;
    private readonly LearnedLesionSegmenter? _lesionSegmenter;
    private readonly AcneLesionCounter? _acneCounter;
    private readonly AcnePhotoGrader? _acneGrader;

    /// <param name="ageEstimator">Skin-age model for face photos, or null to leave the estimate out.</param>
    /// <param name="lesionSegmenter">Lesion U-Net for dermoscopy-like close-ups, or null to leave the outline out.</param>
    /// <param name="acneCounter">Learned acne lesion counter for faces and skin close-ups, or null to leave the count out.</param>
    /// <param name="acneGrader">
    /// Fine-tuned acne grader whose probabilities are fused with the count's grade, or null to grade by the count alone.
    /// Used only with <paramref name="acneCounter"/>.
    /// </param>
    public ScreeningPhotoAnalyzer(
        SkinAnalyzer vision,
        ConditionClassifier? classifier,
        AgeEstimator? ageEstimator = null,
        LearnedLesionSegmenter? lesionSegmenter = null,
        AcneLesionCounter? acneCounter = null,
        AcnePhotoGrader? acneGrader = null)
    {
        ArgumentNullException.ThrowIfNull(vision);
        _vision = vision;
        _classifier = classifier;
        _ageEstimator = ageEstimator;
        _lesionSegmenter = lesionSegmenter;
        _acneCounter = acneCounter;
        _acneGrader = acneGrader;
    }

    /// <summary>
    /// Creates the Vision analyzer with the shipped classifier, age model, lesion segmenter, acne lesion counter and
    /// acne grader, each loaded on first use and left out when its folder is missing.
    /// </summary>
    public static ScreeningPhotoAnalyzer CreateDefault()
    {
        string? modelDirectory = ConditionClassifier.FindDefaultModelDirectory();
        string? ageDirectory = AgeEstimator.FindDefaultModelDirectory();
        string? lesionDirectory = LearnedLesionSegmenter.FindDefaultModelDirectory();
        string? acneDirectory = AcneLesionCounter.FindDefaultModelDirectory();
        string? acneGraderDirectory = AcnePhotoGrader.FindDefaultModelDirectory();
        return new ScreeningPhotoAnalyzer(
            new SkinAnalyzer(),
            modelDirectory is null ? null : new ConditionClassifier(modelDirectory),
            ageDirectory is null ? null : new AgeEstimator(ageDirectory),
            lesionDirectory is null ? null : new LearnedLesionSegmenter(lesionDirectory),
            acneDirectory is null ? null : new AcneLesionCounter(acneDirectory),
            acneGraderDirectory is null ? null : new AcnePhotoGrader(acneGraderDirectory));
    }

    /// <summary>
    /// Analyses the photo and adds the learned models' results; <see cref="SkinAnalysis.ElapsedMs"/> covers both.
    /// </summary>
    public SkinAnalysis Analyze(ReadOnlySpan<byte> photo, string? overlayDirectory)
    {
        long start = Stopwatch.GetTimestamp();
        SkinAnalysis analysis = AnalyzeWithModels(photo, overlayDirectory);
        return analysis with { ElapsedMs = Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds, 1) };
    }

    private SkinAnalysis AnalyzeWithModels(ReadOnlySpan<byte> photo, string? overlayDirectory)
    {
        var analysis = _vision.Analyze(photo, overlayDirectory);
        if (analysis.Mode == AnalysisMode.Face)
        {
            return WithAcneCount(analysis with { EstimatedSkinAge = EstimateSkinAge(photo, analysis) }, photo, overlayDirectory);
        }

        if (analysis.Mode != AnalysisMode.Closeup)
        {
            return analysis;
        }

        if (_classifier is null)
        {
            // Without the model the analysis carries a flag saying the screen did not run, so no gap is silent.
            return WithAcneCount(analysis, photo, overlayDirectory) with
            {
                Flags = [.. analysis.Flags, new MedicalFlag(ScreenNotRunCode,
                    "The skin-cancer screen did not run because its model is missing. If a spot is new, changing, "
                    + "bleeding or unlike your others, see a dermatologist.", null)],
            };
        }

        using SKBitmap? bitmap = UprightDecoding.Decode(photo, ScreeningSide);
        if (bitmap is null)
        {
            return analysis;
        }

        var prediction = _classifier.Predict(bitmap);
        if (prediction.Input is { LooksLikeSkin: false } check)
        {
            return RejectAsNotSkin(analysis, check);
        }

        var flags = analysis.Flags.ToList();
        if (prediction.Input is { LooksLikeDermoscopy: false })
        {
            // The classifier has only seen dermoscopy close-ups, so on other photos (a phone close-up, a face turned
            // away from the camera) its probabilities are untested and its flag cannot be trusted either way.
            flags.Add(new MedicalFlag(ScreenNotRunCode,
                "The skin-cancer screen did not run because this photo does not look like a close-up of a single "
                + "spot, which is all the screen has learned. If a spot is new, changing, bleeding or unlike your "
                + "others, photograph it close up on its own or see a dermatologist.", null));

            // A skin close-up that is not dermoscopy, such as a cheek, is what the acne counter learned from.
            analysis = WithAcneCount(analysis, photo, overlayDirectory);
        }
        else
        {
            if (prediction.ToMedicalFlag() is { } flag)
            {
                flags.Add(flag);
            }

            analysis = OutlineLesion(analysis, bitmap, overlayDirectory);

            // Close-ups of cheeks with severe acne can look like dermoscopy to the reference. When the face
            // discriminant takes the photo for part of a face, it also gets the acne count. The screen's verdict and
            // the outline stay, so nothing is hidden.
            if (prediction.Input is { LooksLikeFacePhoto: true })
            {
                analysis = WithAcneCount(analysis, photo, overlayDirectory);
            }
            else
            {
                analysis = WithSingleLesionNote(analysis);
            }
        }

        return analysis with { Flags = flags };
    }

    /// <summary>
    /// Adds the learned lesion outline of a dermoscopy-like close-up, and its overlay when overlays are requested.
    /// Returns <paramref name="analysis"/> unchanged without a segmenter or when no lesion was found.
    /// </summary>
    private SkinAnalysis OutlineLesion(SkinAnalysis analysis, SKBitmap upright, string? overlayDirectory)
    {
        if (_lesionSegmenter is null)
        {
            return analysis;
        }

        using Mat rgba = Mat.FromPixelData(
            upright.Height, upright.Width, MatType.CV_8UC4, upright.GetPixels(), upright.RowBytes);
        using Mat bgr = new();
        Cv2.CvtColor(rgba, bgr, ColorConversionCodes.RGBA2BGR);
        using Mat mask = _lesionSegmenter.Segment(bgr);
        int pixels = Cv2.CountNonZero(mask);
        if (pixels == 0)
        {
            return analysis;
        }

        Rect box = Cv2.BoundingRect(mask);
        double scaleX = (double)analysis.Image.Width / upright.Width;
        double scaleY = (double)analysis.Image.Height / upright.Height;
        var outline = new LesionOutline(
            (int)Math.Round(box.X * scaleX),
            (int)Math.Round(box.Y * scaleY),
            (int)Math.Round(box.Width * scaleX),
            (int)Math.Round(box.Height * scaleY),
            Math.Round(100.0 * pixels / (upright.Width * upright.Height), 1));
        if (overlayDirectory is null)
        {
            return analysis with { Lesion = outline };
        }

        Cv2.FindContours(mask, out Point[][] contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        Cv2.DrawContours(bgr, contours, -1, new Scalar(255, 255, 0), Math.Max(1, upright.Width / 200), LineTypes.AntiAlias);
        Directory.CreateDirectory(overlayDirectory);
        string path = Path.Combine(overlayDirectory, LesionOverlayName + ".png");
        Cv2.ImWrite(path, bgr);
        var overlays = new Dictionary<string, string>(analysis.Overlays) { [LesionOverlayName] = path };
        return analysis with { Lesion = outline, Overlays = overlays };
    }

    /// <summary>
    /// Adds a non-blocking quality note to a close-up of one spot. The spot itself drives scores such as spots and
    /// texture, so they do not describe the skin a routine treats, and the planner leaves the photo's concerns out.
    /// </summary>
    private static SkinAnalysis WithSingleLesionNote(SkinAnalysis analysis)
    {
        var note = new QualityIssue(
            QualityIssue.SingleLesionCode,
            "This close-up shows one spot, so its scores describe that spot rather than your skin, and plans leave "
                + "them out.",
            "For a skin analysis, photograph your face, or an area of skin that no single spot fills.",
            Blocking: false);
        return analysis with { Quality = analysis.Quality with { Issues = [.. analysis.Quality.Issues, note] } };
    }

    /// <summary>
    /// Turns an accepted close-up into a rejection: its skin-coloured pixels passed the colour rules, but the whole
    /// photo is unlike any skin photo the references were fitted on (a wall, fruit, a building).
    /// </summary>
    private static SkinAnalysis RejectAsNotSkin(SkinAnalysis analysis, InputCheck check)
    {
        var issue = new QualityIssue(
            NotSkinCode,
            $"The photo does not look like skin (distance {check.SkinDistance:F0} from the skin photos Skinsight "
                + "knows), so it was not analysed.",
            "Photograph your face, or fill the frame with the skin area you want analysed.",
            Blocking: true);
        var quality = new QualityReport(false, Math.Max(0, analysis.Quality.Score - 70), [.. analysis.Quality.Issues, issue]);
        return new SkinAnalysis
        {
            Mode = AnalysisMode.Rejected,
            Quality = quality,
            Image = analysis.Image,
            Regions = analysis.Regions,
            ElapsedMs = analysis.ElapsedMs,
        };
    }

    /// <summary>Runs only the Vision quality gate, without the condition screen, which needs an accepted analysis.</summary>
    public QualityReport CheckQuality(ReadOnlySpan<byte> photo) => _vision.CheckQuality(photo);

    public void CheckDecodes(ReadOnlySpan<byte> photo) => _vision.CheckDecodes(photo);

    public byte[] PrepareForStorage(ReadOnlySpan<byte> photo) => Vision.Decoding.PhotoSanitizer.Reencode(photo);

    public void Dispose()
    {
        _vision.Dispose();
        _classifier?.Dispose();
        _ageEstimator?.Dispose();
        _lesionSegmenter?.Dispose();
        _acneCounter?.Dispose();
        _acneGrader?.Dispose();
    }

    /// <summary>
    /// Adds the acne lesions of the whole photo counted by the learned detector, graded together with the photo grader
    /// when both are installed, and an overlay of their boxes when overlays are requested. Returns
    /// <paramref name="analysis"/> unchanged without a detector.
    /// </summary>
    private SkinAnalysis WithAcneCount(SkinAnalysis analysis, ReadOnlySpan<byte> photo, string? overlayDirectory)
    {
        if (_acneCounter is null)
        {
            return analysis;
        }

        using SKBitmap? bitmap = UprightDecoding.Decode(photo, AcneSide);
        if (bitmap is null || Math.Min(bitmap.Width, bitmap.Height) < MinAcneSide)
        {
            return analysis;
        }

        (AcneLesionResult result, double countMae, double? logCountSpread) = _acneCounter.Count(bitmap);
        var byType = new Dictionary<string, int>();
        for (int type = 0; type < AcneLesionTypes.Count; type++)
        {
            byType[AcneLesionTypes.Names[type]] = result.CountsByType[type];
        }

        int grade = result.Grade;
        int lesions = result.Count;
        string gradedBy = AcneLesionCount.GradedByCount;
        if (_acneGrader is not null && logCountSpread is double spread)
        {
            grade = AcneGradeFusion.Grade(AcneGradeFusion.Fuse(_acneGrader.Probabilities(bitmap), result.Count, spread));
            lesions = AcneGradeFusion.CountInGrade(result.Count, grade);
            gradedBy = AcneLesionCount.GradedByCountAndPhoto;
        }

        var count = new AcneLesionCount(
            lesions, byType, grade, AcneGradeNames[grade], countMae, result.Grade, gradedBy, result.Count);
        if (overlayDirectory is null)
        {
            return analysis with { AcneLesions = count };
        }

        using Mat rgba = Mat.FromPixelData(bitmap.Height, bitmap.Width, MatType.CV_8UC4, bitmap.GetPixels(), bitmap.RowBytes);
        using Mat bgr = new();
        Cv2.CvtColor(rgba, bgr, ColorConversionCodes.RGBA2BGR);
        int thickness = Math.Max(1, bitmap.Width / 320);
        foreach (DetectedLesion lesion in result.Lesions)
        {
            var box = new Rect((int)Math.Round(lesion.X), (int)Math.Round(lesion.Y), (int)Math.Round(lesion.Width), (int)Math.Round(lesion.Height));
            Cv2.Rectangle(bgr, box, AcneTypeColours[lesion.Type], thickness, LineTypes.AntiAlias);
        }

        Directory.CreateDirectory(overlayDirectory);
        string path = Path.Combine(overlayDirectory, AcneOverlayName + ".png");
        Cv2.ImWrite(path, bgr);
        var overlays = new Dictionary<string, string>(analysis.Overlays) { [AcneOverlayName] = path };
        return analysis with { AcneLesions = count, Overlays = overlays };
    }

    /// <summary>Estimates the skin age from the UTKFace-style square around the face box, or returns null without a model.</summary>
    private SkinAgeEstimate? EstimateSkinAge(ReadOnlySpan<byte> photo, SkinAnalysis analysis)
    {
        SkinRegion? face = analysis.Regions.FirstOrDefault(r => r.Name == Vision.Faces.RegionNames.Face);
        if (_ageEstimator is null || face is null)
        {
            return null;
        }

        using SKBitmap? crop = AgeFaceCrop.Cut(photo, face);
        if (crop is null)
        {
            return null;
        }

        AgeEstimate estimate = _ageEstimator.Estimate(crop);
        return new SkinAgeEstimate(Math.Round(estimate.Years, 1), Math.Round(estimate.MaeYears, 1));
    }
}
