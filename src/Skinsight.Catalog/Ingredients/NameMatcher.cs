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
            if (!found.Contains(entry) && ContainsWords(key, words))
            {
                found.Add(entry);
            }
        }

        return found;
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
}
