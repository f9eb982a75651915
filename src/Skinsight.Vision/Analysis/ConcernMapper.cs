using Skinsight.Core.Analysis;

namespace Skinsight.Vision.Analysis;

/// <summary>
/// Derives the concerns a photo suggests from its measures. Each concern's severity rises linearly from 0 at its
/// onset score to 1 at its full score; concerns under <see cref="MinSeverity"/> are left out. Dryness and dullness
/// have no photo measure and are never reported from a photo.
/// </summary>
internal static class ConcernMapper
{
    public const double MinSeverity = 0.1;

    /// <summary>Concern, measure, onset score, full score. Evenness is inverted: 100 minus the score.</summary>
    private static readonly (string Concern, string Measure, double Onset, double Full)[] s_rules =
    [
        (Concerns.Acne, MeasureNames.Acne, 15, 70),
        (Concerns.Redness, MeasureNames.Redness, 25, 80),
        (Concerns.DarkSpots, MeasureNames.Spots, 20, 75),
        (Concerns.DarkSpots, MeasureNames.Evenness, 40, 90),
        (Concerns.Oiliness, MeasureNames.Shine, 25, 80),
        (Concerns.Texture, MeasureNames.Texture, 35, 85),
        (Concerns.Wrinkles, MeasureNames.Wrinkles, 25, 80),
        (Concerns.Pores, MeasureNames.Pores, 30, 85),
        (Concerns.DarkCircles, MeasureNames.DarkCircles, 40, 90),
    ];

    public static List<ConcernFinding> Map(IReadOnlyDictionary<string, MeasureResult> metrics)
    {
        var severities = new Dictionary<string, double>();
        foreach (var (concern, measure, onset, full) in s_rules)
        {
            if (!metrics.TryGetValue(measure, out MeasureResult? result))
            {
                continue;
            }

            double score = measure == MeasureNames.Evenness ? 100 - result.Score : result.Score;
            double severity = Math.Clamp((score - onset) / (full - onset), 0, 1);
            severities[concern] = Math.Max(severities.GetValueOrDefault(concern), severity);
        }

        return severities
            .Where(s => s.Value >= MinSeverity)
            .OrderByDescending(s => s.Value)
            .Select(s => new ConcernFinding(s.Key, Math.Round(s.Value, 2), "photo"))
            .ToList();
    }
}
