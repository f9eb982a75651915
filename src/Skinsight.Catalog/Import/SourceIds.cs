using System.Globalization;
using System.Text;

namespace Skinsight.Catalog.Import;

/// <summary>Builds stable product ids for catalogs that have none.</summary>
public static class SourceIds
{
    /// <summary>
    /// Returns <c>brand--name</c> as lower-case ASCII slugs, e.g. <c>la-mer--creme-de-la-mer</c> for
    /// <c>LA MER</c> and <c>Crème de la Mer</c>. The same brand and name always give the same id.
    /// </summary>
    public static string FromBrandAndName(string brand, string name)
    {
        ArgumentNullException.ThrowIfNull(brand);
        ArgumentNullException.ThrowIfNull(name);
        return $"{Slug(brand)}--{Slug(name)}";
    }

    /// <summary>Returns lower-case ASCII letters and digits with single dashes between words.</summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        bool dash = false;
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            char lower = char.ToLowerInvariant(c);
            string? spelled = lower switch { 'ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'ø' => "o", 'ł' => "l", _ => null };
            if (spelled is not null)
            {
                sb.Append(dash && sb.Length > 0 ? "-" : "").Append(spelled);
                dash = false;
            }
            else if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (dash && sb.Length > 0)
                {
                    sb.Append('-');
                }

                sb.Append(lower);
                dash = false;
            }
            else if (c is not '\'' and not '\u2019')
            {
                dash = true;
            }
        }

        return sb.ToString();
    }
}
