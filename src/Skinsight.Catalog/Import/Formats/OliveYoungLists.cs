using System.Text;
using System.Text.RegularExpressions;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import.Formats;

/// <summary>
/// What the Olive Young tables share: Korean ingredient lists, translated to INCI through
/// <see cref="KoreanInciNames"/>, Korean categories, and product names that open with promotion tags.
/// </summary>
internal static partial class OliveYoungLists
{
    // Olive Young's own category names, mapped onto the one taxonomy. "미스트/오일" is split by the product name.
    private static readonly Dictionary<string, ProductCategory> Categories = new(StringComparer.Ordinal)
    {
        ["에센스/세럼/앰플"] = ProductCategory.Serum,
        ["크림"] = ProductCategory.Moisturiser,
        ["로션"] = ProductCategory.Moisturiser,
        ["스킨/토너"] = ProductCategory.Toner,
        ["미스트/오일"] = ProductCategory.Toner,
    };

    // Checked against the product name before the category, because a sun cream or an eye cream is listed
    // under 크림 (cream).
    private static readonly (ProductCategory Category, string[] Words)[] NameRules =
    [
        (ProductCategory.Sunscreen, ["선크림", "선스크린", "선세럼", "선에센스", "선로션", "선스틱", "자외선", "SPF"]),
        (ProductCategory.EyeCare, ["아이크림", "아이 크림", "아이세럼", "아이 세럼"]),
        (ProductCategory.Cleanser, ["클렌징", "클렌저"]),
    ];

    // "마스크팩 세럼" and "앰플 마스크" are serums, and "세럼 + 마스크팩 1매" is a serum with a free mask, so a name
    // with one of these words is not a mask.
    private static readonly string[] SerumWords = ["세럼", "앰플", "에센스"];

    /// <summary>
    /// Splits a Korean ingredient list (a Python list literal or comma-separated text) and returns the distinct
    /// names in label order, each as its INCI name when the Korean table has it and as printed otherwise.
    /// </summary>
    /// <exception cref="RowSkipException">The list is empty or contains no names.</exception>
    public static IReadOnlyList<string> ParseIngredients(string raw, string column)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Trim() is "[]" or "-" or "nan")
        {
            throw new RowSkipException($"no ingredient list (column {column} is empty)");
        }

        List<string> tokens = PythonListLiteral.TryParse(raw, out List<string> items) ? items : SplitText(raw);
        var names = new List<string>(tokens.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string token in tokens)
        {
            string name = Collapse(token.Trim().Trim('\'', '"', '\u2018', '\u2019'));
            if (name.Length == 0 || !name.Any(char.IsLetter))
            {
                continue;
            }

            string inci = KoreanInciNames.Default.Translate(name) ?? name;
            if (seen.Add(inci))
            {
                names.Add(inci);
            }
        }

        return names.Count > 0
            ? names
            : throw new RowSkipException($"no ingredient names in column {column}: '{FieldParser.Shorten(raw)}'");
    }

    /// <summary>Maps the Olive Young category, refined by words in the product name, onto the taxonomy.</summary>
    public static ProductCategory MapCategory(string category, string name)
    {
        // "세럼 50ml 기획(+15ml+마스크 1매)" is a serum sold with a free mask, so extras in brackets are not read.
        name = Extras().Replace(name, " ");
        foreach ((ProductCategory ruleCategory, string[] words) in NameRules)
        {
            if (words.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return ruleCategory;
            }
        }

        if (name.Contains("마스크", StringComparison.Ordinal) && !SerumWords.Any(w => name.Contains(w, StringComparison.Ordinal)))
        {
            return ProductCategory.Mask;
        }

        if (category == "미스트/오일" && name.Contains("오일", StringComparison.Ordinal))
        {
            return ProductCategory.Oil;
        }

        return Categories.TryGetValue(category.Trim(), out ProductCategory mapped)
            ? mapped
            : CategoryMapper.Map(name, category);
    }

    /// <summary>
    /// Returns the product name without the promotion tags Olive Young puts in front of it, e.g.
    /// <c>[1월 올영픽] 피지오겔 DMT 페이셜 크림</c> becomes <c>피지오겔 DMT 페이셜 크림</c>.
    /// </summary>
    public static string CleanName(string name)
    {
        string cleaned = LeadingTags().Replace(name, "").Trim();
        return cleaned.Length > 0 ? cleaned : name.Trim();
    }

    /// <summary>
    /// Splits at commas outside parentheses and at kit headings. A comma between two digits is a locant (<c>1,2-헥산다이올</c>), not a
    /// separator, and the brackets of a broken list literal are dropped.
    /// </summary>
    private static List<string> SplitText(string raw)
    {
        // A kit lists each product under a heading such as "[세럼]", and the heading separates two names.
        string text = KitHeading().Replace(raw.Trim(), ",").TrimStart('[').TrimEnd(']');
        var tokens = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']' && depth > 0)
            {
                depth--;
            }

            bool locant = i > 0 && i + 1 < text.Length && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]);
            if (c == ',' && depth == 0 && !locant)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        tokens.Add(current.ToString());
        return tokens;
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"^(\s*\[[^\]]*\])+")]
    private static partial Regex LeadingTags();

    [GeneratedRegex(@"\([^)]*\)|\[[^\]]*\]")]
    private static partial Regex Extras();

    [GeneratedRegex(@"\[[^\],'""]*\]")]
    private static partial Regex KitHeading();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
