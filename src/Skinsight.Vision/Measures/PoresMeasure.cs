using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Pores: pinpoint dark dots, where L* is at least <see cref="DarkerBy"/> below its Gaussian average over 0.6% of the
/// face width, 0.1% to 0.6% of the face width across. Pores are about 0.1 to 0.5 mm wide, so the measure runs only
/// when the face, or in a close-up the skin area's equivalent face width, spans at least <see cref="MinScale"/>
/// analysed pixels. Below that it returns no score and the analysis explains why in a quality issue, rather than reporting 0 for dots that
/// are under a pixel. In practice that means close-ups: the analysis scales photos to at most 1024 px, so a whole face
/// rarely spans 900 px.
/// The score maps the pore density: pores per square 1% of the face width on a side.
/// </summary>
internal sealed class PoresMeasure : ISkinMeasure
{
    public const double DarkerBy = 6;

    /// <summary>
    /// Smallest face width, in analysed pixels, at which pores are measured. A pixel is then at most about 0.16 mm of
    /// a face about 140 mm wide, so a pore of 0.2 mm or more is at least a pixel. A close-up that is all skin reaches
    /// it at 1024x576, the analysed size of a 16:9 photo.
    /// </summary>
    /// <remarks>NOTE: checked only on synthetic close-ups, because no real photo at this resolution was available.</remarks>
    public const double MinScale = 900;

    /// <summary>Code of the quality issue raised when pores were not measured.</summary>
    public const string NotMeasuredCode = "pores-not-measured";

    private static readonly ScoreScale s_scale = new((0, 0), (0.03, 30), (0.1, 70), (0.2, 100));

    public string Name => MeasureNames.Pores;

    public QualityIssue? ExplainNotMeasured(MeasureContext context) => context.Scale >= MinScale
        ? null
        : new QualityIssue(
            NotMeasuredCode,
            context.Mode == AnalysisMode.Face
                ? FormattableString.Invariant(
                    $"Pores were not measured: the face is about {context.Scale:F0} px wide in the analysed image, and pores need a face of about {MinScale:F0} px, where a pore is a pixel or more across.")
                : FormattableString.Invariant(
                    $"Pores were not measured: the skin in the analysed image covers as many pixels as a face about {context.Scale:F0} px wide, and pores need about {MinScale:F0} px, where a pore is a pixel or more across."),
            "To measure pores, send a sharp close-up of the cheek or nose that fills the frame, at full resolution.",
            Blocking: false);

    public MeasureOutcome? Measure(MeasureContext context)
    {
        if (context.Scale < MinScale)
        {
            return null;
        }

        using Mat level = Filters.Gaussian(context.Lab.L, Math.Max(1.5, 0.006 * context.Scale));
        using Mat fine = Filters.Gaussian(context.Lab.L, 0.6);
        using var delta = new Mat();
        Cv2.Subtract(fine, level, delta);

        using var dark = new Mat();
        Cv2.Compare(delta, new Scalar(-DarkerBy), dark, CmpTypes.LT);
        Cv2.BitwiseAnd(dark, context.Core, dark);

        double minDiameter = Math.Max(1, 0.001 * context.Scale);
        double maxDiameter = Math.Max(3, 0.006 * context.Scale);
        List<Blob> blobs = BlobFinder.Find(dark, delta, minDiameter, maxDiameter);
        double cell = Math.Pow(0.01 * context.Scale, 2);

        double Density(IReadOnlyCollection<Blob> found, int pixels) => pixels == 0 ? 0 : found.Count * cell / pixels;

        double density = Density(blobs, context.InnerPixels);
        var details = new Dictionary<string, double>
        {
            ["count"] = blobs.Count,
            ["perCell"] = Math.Round(density, 4),
            ["maxDiameterPx"] = Math.Round(maxDiameter, 1),
        };

        var result = new MeasureResult(
            Math.Round(s_scale[density], 1),
            null,
            context.ScoreRegions(m => s_scale[Density(BlobFinder.Inside(blobs, m), Cv2.CountNonZero(m))]),
            details);
        return new MeasureOutcome(result, new MeasureOverlay { Blobs = blobs, MarkColour = (120, 255, 120) });
    }
}
