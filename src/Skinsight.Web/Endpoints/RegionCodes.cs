using System.Globalization;
using System.Text.Json;

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
/// .NET has no list of subdivisions, so the subdivision is looked up in Debian's iso-codes package
/// (<see cref="SubdivisionListPath"/>, 5,127 codes in version 4.15). Without that file the subdivision part is
/// checked only for its shape (1 to 3 letters or digits), and DE-XX passes.
/// </remarks>
internal static class RegionCodes
{
    // RegionInfo's name for the invariant culture's region, which is no country.
    private const string InvariantRegion = "IV";

    /// <summary>The ISO 3166-2 list of the Debian package iso-codes, which scripts/ensure-deps installs.</summary>
    public const string SubdivisionListPath = "/usr/share/iso-codes/json/iso_3166-2.json";

    private static readonly Lazy<IReadOnlySet<string>?> s_subdivisions = new(() => LoadSubdivisions(SubdivisionListPath));

    private static readonly HashSet<string> s_cultureCountries = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => new RegionInfo(culture.Name).TwoLetterISORegionName)
        .Where(IsAlpha2)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Returns whether <paramref name="code"/>, in upper case, is a known country with an optional subdivision.</summary>
    public static bool IsValid(string code) => IsValid(code, s_subdivisions.Value);

    /// <summary>
    /// Returns whether <paramref name="code"/>, in upper case, is a known country with an optional subdivision that
    /// <paramref name="subdivisions"/> lists, or that has the shape of one when <paramref name="subdivisions"/> is null.
    /// </summary>
    public static bool IsValid(string code, IReadOnlySet<string>? subdivisions)
    {
        string[] parts = code.Split('-');
        if (parts.Length > 2 || !IsCountry(parts[0]))
        {
            return false;
        }

        if (parts.Length == 1)
        {
            return true;
        }

        return subdivisions?.Contains(code) ?? (parts[1].Length is >= 1 and <= 3 && parts[1].All(char.IsAsciiLetterOrDigit));
    }

    /// <summary>
    /// Reads the subdivision codes of an iso-codes <c>iso_3166-2.json</c> file, or returns null when the file is
    /// missing or not of that layout, so that the check falls back to the shape of the code.
    /// </summary>
    public static IReadOnlySet<string>? LoadSubdivisions(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream);
            var codes = document.RootElement.GetProperty("3166-2").EnumerateArray()
                .Select(entry => entry.GetProperty("code").GetString())
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            return codes.Count > 0 ? codes : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException
            or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
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
