using System.Text.RegularExpressions;
using Skinsight.Core.Analysis;

namespace Skinsight.Catalog.Import;

/// <summary>Reads concerns and skin types out of a source's own label text.</summary>
public static partial class LabelMapper
{
    private static readonly (string Words, string[] Concerns)[] ConcernWords =
    [
        ("acne", [Concerns.Acne]),
        ("blemish", [Concerns.Acne]),
        ("breakout", [Concerns.Acne]),
        ("redness", [Concerns.Redness]),
        ("rosacea", [Concerns.Redness]),
        ("dark spot", [Concerns.DarkSpots]),
        ("hyperpigment", [Concerns.DarkSpots]),
        ("pigmentation", [Concerns.DarkSpots]),
        ("pores", [Concerns.Pores]),
        ("anti-aging", [Concerns.Wrinkles]),
        ("anti-ageing", [Concerns.Wrinkles]),
        ("fine lines", [Concerns.Wrinkles]),
        ("wrinkle", [Concerns.Wrinkles]),
        ("firmness", [Concerns.Wrinkles]),
        ("dryness", [Concerns.Dryness]),
        ("dehydrat", [Concerns.Dryness]),
        ("dullness", [Concerns.Dullness]),
        ("uneven texture", [Concerns.Texture]),
        ("texture", [Concerns.Texture]),
        ("dark circle", [Concerns.DarkCircles]),
        ("puffiness", [Concerns.DarkCircles]),
        ("oiliness", [Concerns.Oiliness]),
        ("oil control", [Concerns.Oiliness]),
        ("shine", [Concerns.Oiliness]),
    ];

    /// <summary>Returns the <see cref="Concerns"/> names a "good for" label names, e.g. acne for <c>Acne/Blemishes</c>.</summary>
    public static IEnumerable<string> ConcernsIn(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return ConcernWords
            .Where(c => label.Contains(c.Words, StringComparison.OrdinalIgnoreCase))
            .SelectMany(c => c.Concerns)
            .Distinct();
    }

    /// <summary>
    /// Returns lower-case skin types from a label such as <c>Best for Oily, Combo, Normal Skin</c>
    /// (oily, combination, normal), or nothing when the label names no skin type.
    /// </summary>
    public static IEnumerable<string> SkinTypesIn(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        Match match = BestFor().Match(label);
        if (!match.Success)
        {
            return [];
        }

        return match.Groups["types"].Value
            .Split([',', '/', '&'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(t => t.Split(" and ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(SkinType)
            .OfType<string>()
            .SelectMany(t => t == "all" ? AllSkinTypes : [t])
            .Distinct();
    }

    private static readonly string[] AllSkinTypes = ["normal", "dry", "oily", "combination"];

    /// <summary>Returns the canonical skin type for a word such as <c>Combo</c>, or null for any other word.</summary>
    public static string? SkinType(string word) => word.Trim().ToLowerInvariant() switch
    {
        "oily" => "oily",
        "dry" => "dry",
        "normal" => "normal",
        "combo" or "combination" => "combination",
        "sensitive" => "sensitive",
        "all" or "all skin types" => "all",
        _ => null,
    };

    [GeneratedRegex(@"^\s*(best|good)\s+for\s+(?<types>.+?)\s+skin(\s+types?)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex BestFor();
}
