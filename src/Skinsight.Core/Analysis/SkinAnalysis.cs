namespace Skinsight.Core.Analysis;

/// <summary>How a photo was analysed.</summary>
public enum AnalysisMode
{
    /// <summary>A frontal face was found; measures run over face regions.</summary>
    Face,

    /// <summary>No face, but the photo is mostly skin; measures run over the skin mask.</summary>
    Closeup,

    /// <summary>The photo was rejected by the quality gate and not measured.</summary>
    Rejected,
}

/// <summary>
/// The full result of analysing one photo. Serialised as the JSON of <c>skinsight analyze --json</c> and of
/// <c>POST /api/analyses</c>, and stored per person.
/// </summary>
public sealed record SkinAnalysis
{
    public required AnalysisMode Mode { get; init; }

    public required QualityReport Quality { get; init; }

    public required ImageInfo Image { get; init; }

    /// <summary>Measures keyed by name (<see cref="MeasureNames"/>); empty when the photo was rejected.</summary>
    public IReadOnlyDictionary<string, MeasureResult> Metrics { get; init; } =
        new Dictionary<string, MeasureResult>();

    public SkinTone? SkinTone { get; init; }

    /// <summary>Face and skin regions found in the photo, in pixel coordinates of the oriented image.</summary>
    public IReadOnlyList<SkinRegion> Regions { get; init; } = [];

    /// <summary>Medical flags such as "see a dermatologist". Never hidden by any consumer.</summary>
    public IReadOnlyList<MedicalFlag> Flags { get; init; } = [];

    /// <summary>Concerns the photo suggests, with their severity, for the planner.</summary>
    public IReadOnlyList<ConcernFinding> Concerns { get; init; } = [];

    /// <summary>
    /// How old the skin of the face looks, in years, or null when the photo is not a face photo or the age model is
    /// not installed. A cosmetic estimate, never a medical finding.
    /// </summary>
    public SkinAgeEstimate? EstimatedSkinAge { get; init; }

    /// <summary>
    /// Acne lesions counted by the learned lesion detector on a face photo or a skin close-up that is not
    /// dermoscopy, or null for other photos or when the detector is not installed. A cosmetic estimate, never a
    /// medical finding.
    /// </summary>
    public AcneLesionCount? AcneLesions { get; init; }

    /// <summary>
    /// The outline of the one lesion of a dermoscopy-like close-up, from the learned segmenter, or null for other
    /// photos or when the segmenter is not installed.
    /// </summary>
    public LesionOutline? Lesion { get; init; }

    /// <summary>Overlay PNG files written for this analysis, keyed by measure name (empty unless requested).</summary>
    public IReadOnlyDictionary<string, string> Overlays { get; init; } = new Dictionary<string, string>();

    /// <summary>Wall time of the analysis in milliseconds, learned models included, decoding included, storage not.</summary>
    public double ElapsedMs { get; init; }
}

/// <summary>Decoded photo facts after EXIF orientation was applied.</summary>
public sealed record ImageInfo(string Format, int Width, int Height, int ExifOrientation);

/// <summary>The quality gate's verdict: a 0-100 score, whether the photo is usable, and the reasons.</summary>
public sealed record QualityReport(bool Accepted, double Score, IReadOnlyList<QualityIssue> Issues)
{
    /// <summary>
    /// Returns the blocking issues (or all issues when none blocks) as one line of messages and retake advice.
    /// </summary>
    public string RejectionSummary()
    {
        var blocking = Issues.Where(i => i.Blocking).ToList();
        var reasons = blocking.Count > 0 ? blocking : Issues;
        return string.Join(" ", reasons.Select(i => $"{i.Message} {i.Advice}"));
    }
}

/// <summary>One reason a photo lost quality points, with retake advice.</summary>
/// <param name="Code">Stable machine name, e.g. <c>blurred</c>, <c>too-dark</c>, <c>no-face</c>.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Advice">What to do when retaking the photo.</param>
/// <param name="Blocking">True when this issue alone rejects the photo.</param>
public sealed record QualityIssue(string Code, string Message, string Advice, bool Blocking)
{
    /// <summary>
    /// The code of the note on a close-up of one spot, such as a mole under a dermatoscope: the photo is measured, but
    /// its scores describe the spot rather than the skin, so plans leave them out.
    /// </summary>
    public const string SingleLesionCode = "single-lesion";
}

/// <summary>One measure: a 0-100 score for the whole face or skin area, per region, and its noise.</summary>
/// <param name="Score">0 (none) to 100 (most severe or most present), as defined per measure.</param>
/// <param name="Noise">
/// Typical score change between re-takes of the same photo (standard deviation in score points), or null when
/// not yet measured. Tracking never reports a change smaller than this as a change.
/// </param>
/// <param name="Regions">Score per region name (forehead, left-cheek, ...).</param>
/// <param name="Details">Raw quantities behind the score, such as spot count or mean a*.</param>
public sealed record MeasureResult(
    double Score,
    double? Noise,
    IReadOnlyDictionary<string, double> Regions,
    IReadOnlyDictionary<string, double> Details);

/// <summary>Mean skin colour in CIELAB (D65) and its Individual Typology Angle.</summary>
public sealed record SkinTone(double L, double A, double B, double Ita, string Category);

/// <summary>An axis-aligned region of the oriented image.</summary>
public sealed record SkinRegion(string Name, int X, int Y, int Width, int Height);

/// <summary>An estimated skin age: the apparent age of a face, with the model's mean absolute error.</summary>
/// <param name="Years">Estimated apparent age in years, rounded to one decimal.</param>
/// <param name="UncertaintyYears">The age model's mean absolute error in years on held-out faces.</param>
public sealed record SkinAgeEstimate(double Years, double UncertaintyYears);

/// <summary>Acne lesions counted by the learned detector, by type, with the photo's ACNE04 acne grade.</summary>
/// <param name="Count">
/// Lesions counted on the whole photo. When the count and the photo grader grade together, a count outside the band of
/// the grade they chose is moved to the nearest end of that band, so the count and the grade agree.
/// </param>
/// <param name="ByType">Boxed lesions per ACNE04 type (whitehead and blackhead, papules, pustules, nodules and cysts).</param>
/// <param name="Grade">
/// ACNE04 grade: 0 mild, 1 moderate, 2 severe, 3 very severe. <paramref name="GradedBy"/> records how it was reached:
/// from the count alone, or from the count and the photo grader together.
/// </param>
/// <param name="GradeName">The grade in words.</param>
/// <param name="UncertaintyLesions">The detector's mean absolute count error on held-out ACNE04 photos.</param>
/// <param name="CountGrade">
/// Grade of the detector's own count by the Hayashi criterion: up to 5 lesions mild, 6-20 moderate, 21-50 severe, more
/// very severe.
/// </param>
/// <param name="GradedBy"><see cref="GradedByCount"/> or <see cref="GradedByCountAndPhoto"/>.</param>
/// <param name="DetectorCount">
/// The detector's own count, before it was moved into the band of the grade; null in analyses stored before it was
/// recorded.
/// </param>
public sealed record AcneLesionCount(
    int Count,
    IReadOnlyDictionary<string, int> ByType,
    int Grade,
    string GradeName,
    double UncertaintyLesions,
    int CountGrade,
    string GradedBy,
    int? DetectorCount = null)
{
    /// <summary>The grade is the count's grade by the Hayashi criterion.</summary>
    public const string GradedByCount = "count";

    /// <summary>The grade fuses the count with the fine-tuned photo grader's probabilities.</summary>
    public const string GradedByCountAndPhoto = "count-and-photo";
}

/// <summary>A lesion found in a close-up: its bounding box in oriented image pixels and its share of the photo.</summary>
/// <param name="AreaPercent">Lesion pixels as a percentage of the photo, rounded to one decimal.</param>
public sealed record LesionOutline(int X, int Y, int Width, int Height, double AreaPercent);

/// <summary>A medical flag raised by analysis.</summary>
/// <param name="Code">Stable machine name, e.g. <c>see-dermatologist</c>.</param>
public sealed record MedicalFlag(string Code, string Message, double? Probability)
{
    /// <summary>The code of the flag raised when a close-up resembles a lesion that a dermatologist should examine.</summary>
    public const string SeeDermatologistCode = "see-dermatologist";
}

/// <summary>A skin concern with a 0-1 severity and where it came from (photo, questionnaire).</summary>
public sealed record ConcernFinding(string Concern, double Severity, string Source);
