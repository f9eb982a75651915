using System.Text.Json;

namespace Skinsight.Catalog.Ingredients;

/// <summary>
/// Curated ingredient facts: actives, conflict rules, contraindications and allergen groups, each with its
/// published source. <see cref="LoadDefault"/> reads the table embedded in this assembly.
/// </summary>
/// <remarks>Immutable after loading, so one instance can be shared across threads.</remarks>
public sealed class IngredientKnowledge
{
    private const string DefaultResource = "Skinsight.Catalog.Ingredients.knowledge.json";

    private static readonly Lazy<IngredientKnowledge> s_default = new(() => LoadEmbedded(DefaultResource));

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    // Plant parts whose oils are pressed carrier oils (Citrus Grandis Seed Oil), not fragrant essential oils.
    private static readonly string[] s_carrierOilParts = ["seed", "kernel"];

    private readonly NameMatcher<ActiveIngredient> _actives;
    private readonly NameMatcher<AllergenGroup> _allergens;
    private readonly Dictionary<string, AllergenGroup> _groupsByName;

    private IngredientKnowledge(KnowledgeFile file)
    {
        Actives = file.Actives;
        Conflicts = file.Conflicts;
        Contraindications = file.Contraindications;
        AllergenGroups = file.Allergens;
        _actives = new NameMatcher<ActiveIngredient>(Actives.Select(a => (a, a.Inci, a.Contains)));
        _allergens = new NameMatcher<AllergenGroup>(AllergenGroups.Select(g => (g, g.Inci, g.Contains)));
        _groupsByName = new(StringComparer.Ordinal);
        foreach (AllergenGroup group in AllergenGroups)
        {
            foreach (string name in group.Aliases.Prepend(group.Group))
            {
                _groupsByName[InciNames.Key(name)] = group;
            }
        }
    }

    public IReadOnlyList<ActiveIngredient> Actives { get; }

    public IReadOnlyList<ConflictRule> Conflicts { get; }

    public IReadOnlyList<Contraindication> Contraindications { get; }

    public IReadOnlyList<AllergenGroup> AllergenGroups { get; }

    /// <summary>Returns the knowledge table shipped with Skinsight (loaded once, then shared).</summary>
    public static IngredientKnowledge LoadDefault() => s_default.Value;

    /// <summary>Loads a knowledge table in the same JSON layout as the embedded one.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed or a rule names an unknown active class.</exception>
    public static IngredientKnowledge Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        KnowledgeFile? file;
        try
        {
            file = JsonSerializer.Deserialize<KnowledgeFile>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The ingredient knowledge JSON is invalid: {e.Message}", e);
        }

        if (file is null)
        {
            throw new InvalidDataException("The ingredient knowledge JSON is empty; it needs an object with actives.");
        }

        file.Validate();
        return new IngredientKnowledge(file);
    }

    /// <summary>Returns the distinct actives found in <paramref name="ingredients"/>, in order of first appearance.</summary>
    public IReadOnlyList<ActiveIngredient> FindActives(IEnumerable<string> ingredients)
    {
        ArgumentNullException.ThrowIfNull(ingredients);
        List<ActiveIngredient> found = [];
        foreach (string ingredient in ingredients)
        {
            foreach (ActiveIngredient active in _actives.Match(ingredient))
            {
                if (!found.Contains(active))
                {
                    found.Add(active);
                }
            }
        }

        return found;
    }

    /// <summary>Returns the actives one ingredient name identifies (usually none or one).</summary>
    public IReadOnlyList<ActiveIngredient> Identify(string ingredient)
    {
        ArgumentNullException.ThrowIfNull(ingredient);
        return _actives.Match(ingredient);
    }

    /// <summary>
    /// Returns true when any ingredient belongs to the named allergy: a group name or alias such as
    /// <c>fragrance</c> or <c>nuts</c>, or else an ingredient name, which matches ingredients containing it.
    /// </summary>
    /// <param name="matched">The first ingredient that matched, or an empty string.</param>
    public bool ContainsAllergen(IEnumerable<string> ingredients, string allergy, out string matched)
    {
        ArgumentNullException.ThrowIfNull(ingredients);
        ArgumentException.ThrowIfNullOrWhiteSpace(allergy);
        string allergyKey = InciNames.Key(allergy);
        _groupsByName.TryGetValue(allergyKey, out AllergenGroup? group);
        foreach (string ingredient in ingredients)
        {
            bool hit = group is not null
                ? IsMember(group, ingredient)
                : ContainsAllergyWords(InciNames.Key(ingredient), allergyKey);
            if (hit)
            {
                matched = ingredient;
                return true;
            }
        }

        matched = "";
        return false;
    }

    /// <summary>
    /// Returns true when the allergy's words occur in the ingredient's name on word boundaries and outside a
    /// "free of" claim such as <c>fragrance free</c>. This is how <see cref="ContainsAllergen"/> matches an allergy
    /// that names no group. Both arguments are keys from <see cref="InciNames.Key"/>, so a caller that tests many
    /// ingredients folds each spelling once.
    /// </summary>
    public static bool ContainsAllergyWords(string ingredientKey, string allergyKey)
    {
        ArgumentNullException.ThrowIfNull(ingredientKey);
        ArgumentNullException.ThrowIfNull(allergyKey);
        return NameMatcher<AllergenGroup>.ContainsIngredientWords(ingredientKey, allergyKey);
    }

    /// <summary>Returns the allergen group for a group name or alias, or null when the name is no known group.</summary>
    public AllergenGroup? FindAllergenGroup(string allergy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(allergy);
        return _groupsByName.GetValueOrDefault(InciNames.Key(allergy));
    }

    /// <summary>Returns the allergen groups one ingredient name belongs to, in table order.</summary>
    public IReadOnlyList<AllergenGroup> FindAllergenGroups(string ingredient)
    {
        ArgumentNullException.ThrowIfNull(ingredient);
        return [.. AllergenGroups.Where(group => IsMember(group, ingredient))];
    }

    /// <summary>Returns the conflict rules that apply between two sets of actives (order does not matter).</summary>
    public IReadOnlyList<ConflictRule> FindConflicts(
        IReadOnlyCollection<ActiveIngredient> first,
        IReadOnlyCollection<ActiveIngredient> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return [.. Conflicts.Where(rule =>
            AnyIn(first, rule.Left) && AnyIn(second, rule.Right) ||
            AnyIn(first, rule.Right) && AnyIn(second, rule.Left))];
    }

    /// <summary>Returns the contraindications of <paramref name="condition"/> that name any of the actives.</summary>
    public IReadOnlyList<Contraindication> FindContraindications(
        string condition,
        IReadOnlyCollection<ActiveIngredient> actives)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(condition);
        ArgumentNullException.ThrowIfNull(actives);
        return [.. Contraindications.Where(c => c.Condition == condition && AnyIn(actives, c.Actives))];
    }

    /// <summary>True when the active's id or class is one of <paramref name="classesOrIds"/>.</summary>
    public static bool IsIn(ActiveIngredient active, IReadOnlyList<string> classesOrIds)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(classesOrIds);
        return classesOrIds.Contains(active.Class) || classesOrIds.Contains(active.Id);
    }

    /// <summary>
    /// Returns true when one ingredient name belongs to <paramref name="group"/>, because it is one of the group's
    /// names, contains one of its word sequences, or is an essential oil of one of its plants.
    /// </summary>
    public bool IsMember(AllergenGroup group, string ingredient)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(ingredient);
        return _allergens.Match(ingredient).Contains(group) || IsPlantOilOf(group, InciNames.Key(ingredient));
    }

    private static bool IsPlantOilOf(AllergenGroup group, string key)
    {
        if (group.OilsOf.Count == 0 || !NameMatcher<AllergenGroup>.ContainsWords(key, "oil")
            || s_carrierOilParts.Any(part => NameMatcher<AllergenGroup>.ContainsWords(key, part)))
        {
            return false;
        }

        return group.OilsOf.Any(plant => NameMatcher<AllergenGroup>.ContainsWords(key, InciNames.Key(plant)));
    }

    private static bool AnyIn(IEnumerable<ActiveIngredient> actives, IReadOnlyList<string> classesOrIds) =>
        actives.Any(a => IsIn(a, classesOrIds));

    private static IngredientKnowledge LoadEmbedded(string resource)
    {
        using Stream stream = typeof(IngredientKnowledge).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the build.");
        return Load(stream);
    }

    private sealed record KnowledgeFile
    {
        public IReadOnlyList<ActiveIngredient> Actives { get; init; } = [];

        public IReadOnlyList<ConflictRule> Conflicts { get; init; } = [];

        public IReadOnlyList<Contraindication> Contraindications { get; init; } = [];

        public IReadOnlyList<AllergenGroup> Allergens { get; init; } = [];

        public void Validate()
        {
            HashSet<string> known = [.. Actives.Select(a => a.Class), .. Actives.Select(a => a.Id)];
            IEnumerable<(string Rule, string Name)> references =
                Conflicts.SelectMany(c => c.Left.Concat(c.Right).Select(n => (c.Id, n)))
                    .Concat(Contraindications.SelectMany(c => c.Actives.Select(n => (c.Id, n))));
            foreach ((string rule, string name) in references)
            {
                if (!known.Contains(name))
                {
                    throw new InvalidDataException(
                        $"Rule {rule} names active '{name}', which is neither an active id nor a class; fix the rule.");
                }
            }

            string? duplicate = Actives.GroupBy(a => a.Id).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (duplicate is not null)
            {
                throw new InvalidDataException($"Active id '{duplicate}' appears twice; ids must be unique.");
            }
        }
    }
}
