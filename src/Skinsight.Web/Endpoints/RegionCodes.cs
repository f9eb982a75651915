using System.Globalization;

namespace Skinsight.Web.Endpoints;

/// <summary>
/// Checks the region of research demographics: an ISO 3166-1 alpha-2 country code such as <c>DE</c>, or that
/// code, a hyphen and an ISO 3166-2 subdivision code such as <c>DE-BY</c>.
/// </summary>
/// <remarks>
/// The country part is checked against the regions in .NET's data: those of the specific cultures in the host's
/// ICU data, and those <see cref="RegionInfo"/> accepts by name. On .NET 10 with ICU 72 these are the 249 codes
/// of tzdata's iso3166.tab (ISO 3166-1 as of April 2023) and five codes ISO has not assigned to a country: XK
/// (Kosovo), DG, EA, IC, and CS (the former Serbia and Montenegro). Another ICU version may differ slightly.
/// .NET has no list of subdivisions, so the subdivision part is checked only for its shape (1 to 3 letters or
/// digits), and DE-XX passes.
/// </remarks>
internal static class RegionCodes
{
    // RegionInfo's name for the invariant culture's region, which is no country.
    private const string InvariantRegion = "IV";

    private static readonly HashSet<string> s_cultureCountries = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => new RegionInfo(culture.Name).TwoLetterISORegionName)
        .Where(IsAlpha2)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Returns whether <paramref name="code"/>, in upper case, is a known country with an optional subdivision.</summary>
    public static bool IsValid(string code)
    {
        string[] parts = code.Split('-');
        if (parts.Length > 2 || !IsCountry(parts[0]))
        {
            return false;
        }

        return parts.Length == 1 || (parts[1].Length is >= 1 and <= 3 && parts[1].All(char.IsAsciiLetterOrDigit));
    }

    /// <summary>Returns whether <paramref name="code"/> is an upper-case alpha-2 code of a region in .NET's data.</summary>
    public static bool IsCountry(string code)
    {
        if (!IsAlpha2(code) || code == InvariantRegion)
        {
            return false;
        }

        if (s_cultureCountries.Contains(code))
        {
            return true;
        }

        // Some territories without a culture of their own, such as AQ (Antarctica), are known only by name.
        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsAlpha2(string code) => code.Length == 2 && code.All(char.IsAsciiLetterUpper);
}
