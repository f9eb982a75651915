using System.Text.Json.Serialization;

namespace Skinsight.Core.Profiles;

/// <summary>
/// Skin type on the four Baumann axes, scored from the questionnaire. Each score runs from 0 to 1, and a score
/// of 0.5 or more gives the first letter of its axis (O, S, P, W); a null score means no question of that axis
/// was answered.
/// </summary>
/// <param name="Oily">Oily (1) versus dry (0).</param>
/// <param name="Sensitive">Sensitive (1) versus resistant (0).</param>
/// <param name="Pigmented">Pigmented (1) versus non-pigmented (0).</param>
/// <param name="WrinkleProne">Wrinkle-prone (1) versus tight (0).</param>
public sealed record BaumannType(double? Oily, double? Sensitive, double? Pigmented, double? WrinkleProne)
{
    /// <summary>Score at which an axis takes its first letter.</summary>
    public const double LetterThreshold = 0.5;

    /// <summary>The four-letter code, e.g. <c>OSNW</c>, with <c>?</c> for an unanswered axis.</summary>
    public string Code => string.Concat(
        Letter(Oily, 'O', 'D'), Letter(Sensitive, 'S', 'R'), Letter(Pigmented, 'P', 'N'), Letter(WrinkleProne, 'W', 'T'));

    [JsonIgnore]
    public bool IsOily => Oily >= LetterThreshold;

    [JsonIgnore]
    public bool IsDry => Oily < LetterThreshold;

    [JsonIgnore]
    public bool IsSensitive => Sensitive >= LetterThreshold;

    [JsonIgnore]
    public bool IsResistant => Sensitive < LetterThreshold;

    [JsonIgnore]
    public bool IsPigmented => Pigmented >= LetterThreshold;

    [JsonIgnore]
    public bool IsNonPigmented => Pigmented < LetterThreshold;

    [JsonIgnore]
    public bool IsWrinkleProne => WrinkleProne >= LetterThreshold;

    [JsonIgnore]
    public bool IsTight => WrinkleProne < LetterThreshold;

    private static char Letter(double? score, char high, char low) =>
        score is not double value ? '?' : value >= LetterThreshold ? high : low;
}
