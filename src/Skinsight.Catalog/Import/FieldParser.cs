using System.Globalization;
using System.Text.RegularExpressions;

namespace Skinsight.Catalog.Import;

/// <summary>Parses the loosely formatted numbers of scraped catalogs; invalid values skip the row with a reason.</summary>
internal static partial class FieldParser
{
    private static readonly HashSet<string> Missing = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "-", "--", "n/a", "na", "none", "null", "nan", "unknown", "\u2014", "\u2013",
    };

    // "US$" comes before "$" so the longer mark is removed whole.
    private static readonly (string Mark, string Code)[] CurrencyMarks =
        [("US$", "USD"), ("$", "USD"), ("£", "GBP"), ("€", "EUR"), ("USD", "USD"), ("GBP", "GBP"), ("EUR", "EUR")];

    /// <summary>
    /// Parses a price such as <c>49.0</c>, <c>$1,200</c>, <c>£13.00</c>, <c>USD 12</c> or, with a decimal comma,
    /// <c>12,50</c> and <c>1.200,50</c>; returns null for a missing price (empty, <c>-</c>, <c>n/a</c>). A comma
    /// followed by exactly two digits at the end is a decimal comma, and commas between groups of three digits
    /// separate thousands.
    /// </summary>
    /// <exception cref="RowSkipException">
    /// The text is neither a price nor a missing-value mark, is negative, or uses a comma that is neither a decimal
    /// comma nor a thousands separator (such as <c>12,5</c>).
    /// </exception>
    public static (decimal Amount, string Currency)? Price(string text, string column, string defaultCurrency)
    {
        string s = text.Trim();
        if (Missing.Contains(s))
        {
            return null;
        }

        string currency = defaultCurrency;
        foreach ((string mark, string code) in CurrencyMarks)
        {
            if (s.Contains(mark, StringComparison.OrdinalIgnoreCase))
            {
                currency = code;
                s = s.Replace(mark, "", StringComparison.OrdinalIgnoreCase).Trim();
                break;
            }
        }

        if (s.Contains(','))
        {
            s = NormaliseCommas(s, text, column);
        }

        const NumberStyles styles = NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint;
        if (!decimal.TryParse(s, styles, CultureInfo.InvariantCulture, out decimal amount))
        {
            throw new RowSkipException(
                $"invalid price '{Shorten(text)}' in column {column}; expected a number such as 12.50 or $1,200");
        }

        return (amount, currency);
    }

    /// <summary>Rewrites a number with commas in invariant form: 12,50 to 12.50, 1.200,50 to 1200.50, 1,200 to 1200.</summary>
    /// <exception cref="RowSkipException">The commas are neither a decimal comma nor thousands separators.</exception>
    private static string NormaliseCommas(string number, string text, string column)
    {
        if (DecimalCommaPrice().IsMatch(number))
        {
            return number.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }

        if (ThousandsCommaPrice().IsMatch(number))
        {
            return number.Replace(",", "", StringComparison.Ordinal);
        }

        throw new RowSkipException(
            $"ambiguous price '{Shorten(text)}' in column {column}: the comma is neither a decimal comma (12,50) "
            + "nor a thousands separator (1,200); write the price as 12.50 or 1200");
    }

    // 12,50 or 1.200,50: a decimal comma with exactly two digits, dots only between groups of three digits.
    [GeneratedRegex(@"^(\d{1,3}(\.\d{3})+|\d+),\d{2}$")]
    private static partial Regex DecimalCommaPrice();

    // 1,200 or 1,200.50: commas only between groups of three digits, then an optional decimal point.
    [GeneratedRegex(@"^\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial Regex ThousandsCommaPrice();

    /// <summary>Parses a rating between 0 and <paramref name="max"/>; returns null when empty.</summary>
    /// <exception cref="RowSkipException">The text is not a number in range.</exception>
    public static double? Rating(string text, string column, double max = 5)
    {
        string s = text.Trim();
        if (Missing.Contains(s))
        {
            return null;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || value < 0 || value > max || double.IsNaN(value))
        {
            throw new RowSkipException($"invalid rating '{Shorten(text)}' in column {column}; expected a number from 0 to {max}");
        }

        return value;
    }

    /// <summary>Parses a non-negative count written as <c>11</c> or <c>11.0</c>; returns null when empty.</summary>
    /// <exception cref="RowSkipException">The text is not a whole non-negative number.</exception>
    public static int? Count(string text, string column)
    {
        string s = text.Trim();
        if (Missing.Contains(s))
        {
            return null;
        }

        if (!double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double value)
            || value < 0 || value > int.MaxValue || value != Math.Floor(value))
        {
            throw new RowSkipException($"invalid count '{Shorten(text)}' in column {column}; expected a whole number such as 42");
        }

        return (int)value;
    }

    /// <summary>Parses a 1/0 flag; anything else counts as not set.</summary>
    public static bool Flag(string text) => text.Trim() is "1" or "1.0" or "true" or "True" or "TRUE" or "yes";

    /// <summary>Returns the text cut to 40 characters for use in a one-line message.</summary>
    public static string Shorten(string text)
    {
        string oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 40 ? oneLine : oneLine[..37] + "...";
    }
}
