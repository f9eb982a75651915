using System.Text;

namespace Skinsight.Catalog.Import;

/// <summary>
/// Reads a Python list of string literals such as <c>['a', "b's"]</c>, the way several scraped catalogs store
/// lists in one CSV field. Only string items are supported; anything else makes the text not a list.
/// </summary>
public static class PythonListLiteral
{
    /// <summary>Returns true and the items when <paramref name="text"/> is a well-formed list of string literals.</summary>
    public static bool TryParse(string text, out List<string> items)
    {
        ArgumentNullException.ThrowIfNull(text);
        items = [];
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.Length < 2 || s[0] != '[' || s[^1] != ']')
        {
            return false;
        }

        int i = 1;
        var item = new StringBuilder();
        while (true)
        {
            i = SkipWhitespace(s, i);
            if (s[i] == ']')
            {
                return i == s.Length - 1;
            }

            if (s[i] != '\'' && s[i] != '"')
            {
                return false;
            }

            if (!TryReadString(s, ref i, item))
            {
                return false;
            }

            items.Add(item.ToString());
            i = SkipWhitespace(s, i);
            if (s[i] == ',')
            {
                i++;
            }
            else if (s[i] != ']')
            {
                return false;
            }
        }
    }

    /// <summary>Returns the items when the text is a list literal, else the whole trimmed text as one item.</summary>
    public static List<string> ParseOrSingle(string text)
    {
        if (TryParse(text, out List<string> items))
        {
            return items;
        }

        string trimmed = text.Trim();
        return trimmed.Length == 0 ? [] : [trimmed];
    }

    private static int SkipWhitespace(ReadOnlySpan<char> s, int i)
    {
        // The closing ']' is the last character, so the loop always stops inside the span.
        while (i < s.Length - 1 && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    private static bool TryReadString(ReadOnlySpan<char> s, ref int i, StringBuilder item)
    {
        char quote = s[i++];
        item.Clear();
        while (i < s.Length - 1)
        {
            char c = s[i++];
            if (c == quote)
            {
                return true;
            }

            if (c == '\\' && i < s.Length - 1)
            {
                item.Append(Unescape(s[i++]));
            }
            else
            {
                item.Append(c);
            }
        }

        return false;
    }

    private static string Unescape(char c) => c switch
    {
        'n' => "\n",
        't' => "\t",
        'r' => "\r",
        '\\' or '\'' or '"' => c.ToString(),
        _ => "\\" + c,
    };
}
