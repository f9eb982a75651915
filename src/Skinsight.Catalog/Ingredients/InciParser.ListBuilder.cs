namespace Skinsight.Catalog.Ingredients;

public static partial class InciParser
{
    /// <summary>Collects tokens into sections while the lines are read.</summary>
    private sealed class ListBuilder
    {
        private readonly List<IngredientSection> _sections = [];
        private readonly List<string> _discarded = [];
        private List<IngredientToken> _tokens = [];
        private string? _title;
        private bool _mayContain;

        public void StartSection(string title)
        {
            Flush();
            _title = title;
            _mayContain = false;
        }

        public void StartMayContain()
        {
            Flush();
            _mayContain = true;
        }

        public void Add(IngredientToken token) => _tokens.Add(token);

        /// <summary>Gives a percentage printed as its own list item ("Niacinamide, 5%") to the item before it.</summary>
        public void AttachPercent(string text)
        {
            IngredientToken? last = _tokens.Count > 0 ? _tokens[^1] : null;
            IngredientToken? withPercent = last is null ? null : Clean(last.Raw + " " + text);
            if (last is null || withPercent is null || last.Percent is not null)
            {
                Discard(text);
                return;
            }

            _tokens[^1] = withPercent with { Raw = last.Raw + ", " + text.Trim() };
        }

        public void Discard(string text)
        {
            string trimmed = text.Trim();
            if (trimmed.Any(char.IsLetterOrDigit))
            {
                _discarded.Add(trimmed);
            }
        }

        public ParsedIngredientList Build()
        {
            Flush();
            return new ParsedIngredientList(_sections, _discarded);
        }

        private void Flush()
        {
            if (_tokens.Count > 0)
            {
                _sections.Add(new IngredientSection(_title, _mayContain, _tokens));
                _tokens = [];
            }
        }
    }
}
