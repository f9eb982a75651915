using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Skinsight.Cli.Infrastructure;

/// <summary>
/// Parses decimal options with a point as the only decimal mark. The default parser accepts thousands separators, so
/// "0,5", as written where the comma is the decimal mark, would silently become 5.
/// </summary>
internal static class DecimalOptions
{
    /// <summary>Makes <paramref name="option"/> reject commas, words and non-finite values with a one-line error.</summary>
    public static Option<double> PointDecimal(this Option<double> option)
    {
        option.CustomParser = result => Parse(result) ?? 0;
        return option;
    }

    /// <inheritdoc cref="PointDecimal(Option{double})"/>
    public static Option<double?> PointDecimal(this Option<double?> option)
    {
        option.CustomParser = Parse;
        return option;
    }

    private static double? Parse(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[0].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        string name = (result.Parent as OptionResult)?.Option.Name ?? "the option";
        result.AddError($"{name} {text} is not a number; write it with a point as the decimal mark, such as 0.5.");
        return null;
    }
}
