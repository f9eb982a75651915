namespace Skinsight.Catalog.Ingredients;

/// <summary>Maps ingredient names to entries by exact key and by word sequences inside the key.</summary>
internal sealed class NameMatcher<T>
    where T : class
{
    private readonly Dictionary<string, List<T>> _exact = new(StringComparer.Ordinal);
    private readonly List<(string Words, T Entry)> _contains = [];

    public NameMatcher(IEnumerable<(T Entry, IReadOnlyList<string> Exact, IReadOnlyList<string> Contains)> entries)
    {
        foreach ((T entry, IReadOnlyList<string> exact, IReadOnlyList<string> contains) in entries)
        {
            foreach (string name in exact)
            {
                string key = InciNames.Key(name);
                if (!_exact.TryGetValue(key, out List<T>? list))
                {
                    _exact[key] = list = [];
                }

                list.Add(entry);
            }

            _contains.AddRange(contains.Select(c => (InciNames.Key(c), entry)));
        }
    }

    public IReadOnlyList<T> Match(string name)
    {
        string key = InciNames.Key(name);
        List<T> found = _exact.TryGetValue(key, out List<T>? exact) ? [.. exact] : [];
        foreach ((string words, T entry) in _contains)
        {
            if (!found.Contains(entry) && ContainsIngredientWords(key, words))
            {
                found.Add(entry);
            }
        }

        return found;
    }

    /// <summary>
    /// True when <paramref name="words"/> occurs in <paramref name="key"/> on word boundaries and is not part of a
    /// "free of" claim such as <c>fragrance free</c>, <c>free of parabens</c> or <c>no fragrance</c>.
    /// </summary>
    public static bool ContainsIngredientWords(string key, string words)
    {
        if (words.Length == 0)
        {
            return false;
        }

        int at = key.IndexOf(words, StringComparison.Ordinal);
        while (at >= 0)
        {
            int end = at + words.Length;
            bool onWords = (at == 0 || key[at - 1] == ' ') && (end == key.Length || key[end] == ' ');
            if (onWords && !IsClaim(key, at, end))
            {
                return true;
            }

            at = key.IndexOf(words, at + 1, StringComparison.Ordinal);
        }

        return false;
    }

    /// <summary>True when <paramref name="words"/> occurs in <paramref name="key"/> on word boundaries.</summary>
    public static bool ContainsWords(string key, string words)
    {
        if (words.Length == 0)
        {
            return false;
        }

        int at = key.IndexOf(words, StringComparison.Ordinal);
        while (at >= 0)
        {
            bool startOk = at == 0 || key[at - 1] == ' ';
            int end = at + words.Length;
            bool endOk = end == key.Length || key[end] == ' ';
            if (startOk && endOk)
            {
                return true;
            }

            at = key.IndexOf(words, at + 1, StringComparison.Ordinal);
        }

        return false;
    }

    private static bool IsClaim(string key, int start, int end)
    {
        ReadOnlySpan<char> before = key.AsSpan(0, start).TrimEnd(' ');
        ReadOnlySpan<char> after = key.AsSpan(end).TrimStart(' ');
        return after.StartsWith("free", StringComparison.Ordinal) && (after.Length == 4 || after[4] == ' ')
            || before.EndsWith("free of", StringComparison.Ordinal)
            || EndsWithWord(before, "no") || EndsWithWord(before, "without") || EndsWithWord(before, "non");
    }

    private static bool EndsWithWord(ReadOnlySpan<char> text, string word) =>
        text.EndsWith(word, StringComparison.Ordinal)
        && (text.Length == word.Length || text[text.Length - word.Length - 1] == ' ');
}
