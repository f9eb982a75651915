using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Pores: pinpoint dark dots, where L* is at least <see cref="DarkerBy"/> below its Gaussian average over 0.6% of the
/// face width, 0.1% to 0.6% of the face width across. Pores are about 0.1 mm wide, a pixel or two even when a face
/// fills a 1024 px photo. This measure therefore needs sharp, high-resolution photos, and on small ones it reads
/// near zero.
/// The score maps the pore density: pores per square 1% of the face width on a side.
/// </summary>
internal sealed class PoresMeasure : ISkinMeasure
{
    public const double DarkerBy = 6;

    private static readonly ScoreScale s_scale = new((0, 0), (0.03, 30), (0.1, 70), (0.2, 100));

    public string Name => MeasureNames.Pores;

    public MeasureOutcome? Measure(MeasureContext context)
    {
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
