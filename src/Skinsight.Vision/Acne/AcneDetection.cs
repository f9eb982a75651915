using Skinsight.Core.Analysis;

namespace Skinsight.Vision.Acne;

/// <summary>A lesion box in the pixels of the photo as sent, with the lesion's mean excess a* over the skin around it.</summary>
public readonly record struct LesionBox(double X, double Y, double Width, double Height, double Contrast);

/// <summary>The acne lesions found on all the skin of one photo, and the severity grade they suggest.</summary>
/// <param name="Mode">How the photo was framed; a photo the quality gate rejects is still searched.</param>
/// <param name="Accepted">Whether the quality gate accepted the photo.</param>
/// <param name="Lesions">Lesion boxes, strongest first.</param>
/// <param name="Grade">Severity grade 0-3 (mild, moderate, severe, very severe) from <see cref="AcneGrader"/>.</param>
/// <param name="Count">
/// The lesion count when the detector estimates it apart from its boxes, as the learned one does from a density.
/// Null when the count is the number of boxes.
/// </param>
/// <param name="DetectorCount">
/// The detector's own count when <paramref name="Count"/> was moved to agree with a grade decided with other evidence;
/// null when <paramref name="Count"/> is the detector's.
/// </param>
public sealed record AcneDetection(
    AnalysisMode Mode, bool Accepted, IReadOnlyList<LesionBox> Lesions, int Grade, int? Count = null, int? DetectorCount = null)
{
    /// <summary>The number of lesions found.</summary>
    public int LesionCount => Count ?? Lesions.Count;
}
