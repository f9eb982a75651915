namespace Skinsight.Ranking.Reviews;

/// <summary>Translates the Korean <c>user_keywords</c> profile of Olive Young reviews.</summary>
internal static class OliveYoungKeywords
{
    private static readonly Dictionary<string, string> s_skinTypes = new(StringComparer.Ordinal)
    {
        ["복합성"] = "combination",
        ["건성"] = "dry",
        ["지성"] = "oily",
        ["민감성"] = "sensitive",
        ["트러블성"] = "acne-prone",
        ["중성"] = "normal",
        ["약건성"] = "slightly-dry",
    };

    private static readonly Dictionary<string, string> s_tones = new(StringComparer.Ordinal)
    {
        ["웜톤"] = "warm",
        ["쿨톤"] = "cool",
        ["봄웜톤"] = "spring-warm",
        ["여름쿨톤"] = "summer-cool",
        ["가을웜톤"] = "autumn-warm",
        ["겨울쿨톤"] = "winter-cool",
    };

    private static readonly Dictionary<string, string> s_concerns = new(StringComparer.Ordinal)
    {
        ["잡티"] = "dark-spots",
        ["미백"] = "pigmentation",
        ["트러블"] = "acne",
        ["주름"] = "wrinkles",
        ["각질"] = "flaking",
        ["블랙헤드"] = "blackheads",
        ["민감성"] = "sensitivity",
        ["모공"] = "pores",
        ["피지과다"] = "excess-sebum",
        ["탄력"] = "firmness",
        ["홍조"] = "redness",
        ["다크서클"] = "dark-circles",
        ["아토피"] = "atopic",
    };

    /// <summary>
    /// Parses <c>복합성 | 쿨톤 | 트러블 | 블랙헤드</c>: a skin type only in first place, a tone anywhere, and every
    /// other item a concern. Unknown words are kept as they are.
    /// </summary>
    public static ReviewerProfile Parse(string keywords)
    {
        string[] items = keywords.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string skinType = "";
        string tone = "";
        var concerns = new List<string>();
        for (int i = 0; i < items.Length; i++)
        {
            if (i == 0 && s_skinTypes.TryGetValue(items[i], out string? type))
            {
                skinType = type;
            }
            else if (s_tones.TryGetValue(items[i], out string? t))
            {
                tone = t;
            }
            else
            {
                concerns.Add(s_concerns.GetValueOrDefault(items[i], items[i]));
            }
        }

        return new ReviewerProfile(skinType, tone, concerns);
    }

    /// <summary>Returns <c>essence</c> or <c>cream</c> from a file name; product ids overlap between the two.</summary>
    public static string CategoryOf(string path) =>
        Path.GetFileName(path).Contains("essence", StringComparison.OrdinalIgnoreCase) ? "essence" : "cream";
}
