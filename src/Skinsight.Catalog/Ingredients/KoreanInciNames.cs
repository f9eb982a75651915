using System.Reflection;
using System.Text;

namespace Skinsight.Catalog.Ingredients;

/// <summary>
/// Korean ingredient names, as Korean labels and Olive Young print them, mapped to INCI names. The table is the
/// embedded <c>korean-inci.tsv</c>, written by the team for the common names and not exhaustive.
/// </summary>
/// <remarks>
/// Korean labels spell most INCI names as Hangul transliterations (<c>소듐하이알루로네이트</c> is Sodium
/// Hyaluronate), but plants go by their Korean common names (<c>병풀</c> is Centella Asiatica), so a name must be
/// in the table to be translated; nothing is transliterated by rule.
/// </remarks>
public sealed class KoreanInciNames
{
    private const string ResourceName = "Skinsight.Catalog.Ingredients.korean-inci.tsv";

    private static readonly Lazy<KoreanInciNames> s_default = new(LoadDefault);

    private readonly Dictionary<string, string> _inciByKey;

    private KoreanInciNames(Dictionary<string, string> inciByKey) => _inciByKey = inciByKey;

    /// <summary>The embedded table, loaded once.</summary>
    public static KoreanInciNames Default => s_default.Value;

    /// <summary>Number of Korean names in the table.</summary>
    public int Count => _inciByKey.Count;

    /// <summary>True when <paramref name="text"/> contains a Hangul syllable or letter.</summary>
    public static bool ContainsHangul(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (char c in text)
        {
            if (c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns the INCI name for a Korean label name, or null when the table does not have it. Spaces and footnote
    /// marks (<c>*</c>) are ignored, and a trailing note in parentheses (<c>나이아신아마이드(6%)</c>) is tried without the note as well.
    /// </summary>
    public string? Translate(string koreanName)
    {
        ArgumentNullException.ThrowIfNull(koreanName);
        string key = Key(koreanName);
        if (_inciByKey.TryGetValue(key, out string? inci))
        {
            return inci;
        }

        string withoutNotes = Key(RemoveParenthesised(koreanName));
        return withoutNotes.Length > 0 && _inciByKey.TryGetValue(withoutNotes, out inci) ? inci : null;
    }

    /// <summary>Reads a table of <c>korean</c> and <c>inci</c> columns separated by a tab, with a header line.</summary>
    /// <exception cref="InvalidDataException">A line has no tab, or a Korean name appears twice.</exception>
    public static KoreanInciNames Parse(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        string? line;
        while ((line = text.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1 || line.Trim().Length == 0)
            {
                continue;
            }

            string[] parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
            {
                throw new InvalidDataException($"line {lineNumber} of the Korean INCI table is not 'korean<TAB>inci': {line}");
            }

            if (!table.TryAdd(Key(parts[0]), parts[1].Trim()))
            {
                throw new InvalidDataException($"line {lineNumber} of the Korean INCI table repeats the name {parts[0]}");
            }
        }

        return new KoreanInciNames(table);
    }

    private static KoreanInciNames LoadDefault()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    }

    private static string Key(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name.Normalize(NormalizationForm.FormC))
        {
            // Footnote marks such as "1,2-헥산다이올*" are not part of the name.
            if (!char.IsWhiteSpace(c) && c != '*')
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static string RemoveParenthesised(string name)
    {
        int open = name.IndexOf('(');
        return open > 0 && name.TrimEnd().EndsWith(')') ? name[..open] : name;
    }
}
