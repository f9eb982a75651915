namespace Skinsight.Vision.Acne;

/// <summary>
/// Maps the number of lesions the detector finds on a photo to an ACNE04 severity grade: 0 mild, 1 moderate,
/// 2 severe, 3 very severe. The grades are defined by annotated lesion counts (Hayashi: up to 5 per half face,
/// 6-20, 21-50, more), but the detector finds only part of the lesions, so its own count needs lower cut points.
/// </summary>
public static class AcneGrader
{
    /// <summary>
    /// Smallest detected count of grades 1, 2 and 3, chosen to maximise grade accuracy on every tenth ACNE04 train
    /// row (<c>Skinsight.Bench.Analysis acne-grades --stride 10</c>, detector defaults).
    /// </summary>
    public static IReadOnlyList<int> CutPoints { get; } = [16, 28, 44];

    /// <summary>
    /// Smallest annotated count of grades 1, 2 and 3 by the Hayashi criterion (6, 21 and 51 lesions), which ACNE04's
    /// labels follow on 96% of the Roboflow rows. For detectors that find nearly every lesion, such as the learned one.
    /// </summary>
    public static IReadOnlyList<int> HayashiCutPoints { get; } = [6, 21, 51];

    /// <summary>Returns the grade 0-3 for a detected lesion count, using <paramref name="cutPoints"/> or <see cref="CutPoints"/>.</summary>
    public static int Grade(int detected, IReadOnlyList<int>? cutPoints = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(detected);
        cutPoints ??= CutPoints;
        int grade = 0;
        while (grade < cutPoints.Count && detected >= cutPoints[grade])
        {
            grade++;
        }

        return grade;
    }
}
