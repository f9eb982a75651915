namespace Skinsight.Planning;

/// <summary>Turns plan data into the words of reasons and warnings.</summary>
internal static class Wording
{
    /// <summary>A concern code as words, e.g. "dark-spots" as "dark spots".</summary>
    public static string Concern(string concern) => concern.Replace('-', ' ');

    /// <summary>Joins items as a sentence does: "a", "a and b", "a, b and c".</summary>
    public static string Listed(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 2
            ? string.Join(" and ", list)
            : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    /// <summary>The text with its first letter in upper case, for the start of a sentence.</summary>
    public static string SentenceStart(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"1 step", "2 steps": the count with the singular or plural noun.</summary>
    public static string Count(int count, string singular, string plural) =>
        $"{count} {(count == 1 ? singular : plural)}";
}
