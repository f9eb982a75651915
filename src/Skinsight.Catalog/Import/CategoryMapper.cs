using System.Text.RegularExpressions;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Import;

/// <summary>Maps a source's category text, then the product name, onto <see cref="ProductCategory"/>.</summary>
public static partial class CategoryMapper
{
    // Checked in order, so "Eye Masks" is eye care and "Sunscreen Lotion" is a sunscreen, not a moisturiser.
    private static readonly (ProductCategory Category, string[] Words)[] Rules =
    [
        (ProductCategory.Sunscreen,
            ["sunscreen", "sun protect", "sun cream", "sun care", "suncare", "spf", "sun block", "sunblock", "uv protect"]),
        (ProductCategory.EyeCare, ["eye"]),
        (ProductCategory.LipCare, ["lip"]),
        (ProductCategory.Mask, ["mask", "masque"]),
        (ProductCategory.Exfoliant, ["exfoliat", "peel", "scrub", "polish"]),
        (ProductCategory.Cleanser,
            [
                "cleans", "face wash", "facial wash", "body wash", "makeup remover", "make-up remover", "micellar",
                "wipes", "foam wash", "soap",
            ]),
        (ProductCategory.Toner, ["toner", "tonic", "mist", "essence", "toning"]),
        (ProductCategory.Serum, ["serum", "ampoule", "treatment", "booster", "concentrate", "drops"]),
        (ProductCategory.Oil, ["oil"]),
        (ProductCategory.Moisturiser, ["moisturi", "cream", "lotion", "balm", "emulsion", "hydrator", "butter", "gel"]),
    ];

    // Category words that mean "not a face-care product", so the name must not be used to guess one.
    private static readonly string[] NonProductWords =
        ["tool", "brush", "roller", "supplement", "wellness", "tanner", "tanning", "hair removal", "teeth", "device", "accessor"];

    /// <summary>
    /// Returns the category of the first text (most specific first) that a rule matches, then of the product
    /// name. Returns <see cref="ProductCategory.Other"/> when a category text names a tool, supplement or similar.
    /// </summary>
    public static ProductCategory Map(string name, params string[] categoryTexts)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(categoryTexts);
        if (categoryTexts.Any(t => NonProductWords.Any(w => t.Contains(w, StringComparison.OrdinalIgnoreCase))))
        {
            // "Facial Cleansing Brushes" is a tool, not a cleanser.
            return ProductCategory.Other;
        }

        foreach (string text in categoryTexts)
        {
            ProductCategory? category = MatchRules(text);
            if (category is not null)
            {
                return category.Value;
            }
        }

        return MatchRules(name) ?? ProductCategory.Other;
    }

    private static ProductCategory? MatchRules(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // "Oil-Free Moisturizer" is a moisturiser, not an oil.
        text = OilFree().Replace(text, " ");
        foreach ((ProductCategory category, string[] words) in Rules)
        {
            if (words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return category;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\boil[\s-]*free\b", RegexOptions.IgnoreCase)]
    private static partial Regex OilFree();
}
