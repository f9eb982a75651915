using Skinsight.Core.Analysis;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Each measure's noise in score points. For each of 181 ACNE04 and UTKFace photos the score's standard deviation
/// is taken across the photo and four simulated re-takes (re-exposure by x0.9-x1.1, JPEG quality 60-95, rescaling
/// by 0.8-1.2, rotation by up to 5 degrees), and the noise is the root mean square of those deviations. They were
/// measured with <c>Skinsight.Bench.Analysis noise --acne 100 --utk 100</c> (see <c>docs/analysis.md</c>). Real
/// re-takes also change pose and light, so these are lower bounds.
/// Pores has no entry: those photos are all under the resolution pores need (<see cref="PoresMeasure.MinScale"/>), so
/// its noise is unknown and reported as null.
/// </summary>
internal static class MeasureNoise
{
    private static readonly Dictionary<string, double> s_noise = new()
    {
        [MeasureNames.Redness] = 2.2,
        [MeasureNames.Spots] = 6.2,
        [MeasureNames.Shine] = 3.2,
        [MeasureNames.Texture] = 2.2,
        [MeasureNames.Acne] = 5.5,
        [MeasureNames.Wrinkles] = 4.6,
        [MeasureNames.DarkCircles] = 9.6,
        [MeasureNames.Evenness] = 2.5,
    };

    /// <summary>Returns the noise of <paramref name="measure"/>, or null when it was not measured.</summary>
    public static double? Of(string measure) => s_noise.TryGetValue(measure, out double noise) ? noise : null;
}
