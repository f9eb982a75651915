using System.Collections.Concurrent;
using Skinsight.Catalog.Ingredients;
using CatalogActive = Skinsight.Catalog.Ingredients.ActiveIngredient;
using CatalogContraindication = Skinsight.Catalog.Ingredients.Contraindication;

namespace Skinsight.Planning.Knowledge;

/// <summary>
/// Presents the catalog's curated <see cref="IngredientKnowledge"/> in the shape the planner needs: traits per
/// active, contraindications and conflicts expanded from classes to active ids, and allergen groups. With the EU
/// annexes loaded it also finds Annex II (prohibited) substances, and counts the Annex III fragrance allergens that
/// must be labelled as members of the <c>fragrance</c> group.
/// </summary>
public sealed class CatalogKnowledge : IIngredientKnowledge
{
    // Classes that never become a treatment step: UV filters belong to the sunscreen step, and the irritant
    // classes exist only so rules can exclude products that contain them.
    private static readonly HashSet<string> s_notTreatments = new(StringComparer.Ordinal)
    {
        "uv-filter-mineral", "uv-filter-organic", "fragrance", "essential-oil", "drying-alcohol",
    };

    private const string FragranceGroup = "fragrance";

    private static readonly HashSet<string> s_exfoliatingAcids = new(StringComparer.Ordinal) { "aha", "bha", "pha" };

    // Sensitive-skin rules on these classes are hard exclusions even when the data marks them "caution",
    // because the planner promises sensitive skin no fragrance and no drying alcohol.
    private static readonly HashSet<string> s_sensitiveHardClasses = new(StringComparer.Ordinal)
    {
        "fragrance", "essential-oil", "drying-alcohol",
    };

    private readonly IngredientKnowledge _source;
    private readonly CosingAnnexes? _annexes;
    private readonly Dictionary<string, CatalogActive> _byId;

    // Catalogs repeat the same ingredient names thousands of times, and each catalog lookup scans every
    // word-sequence rule, so results are remembered per name. The keys are ingredient names from the catalog and
    // the knowledge table, and the table's own group names. A name from a profile is never a key, because the
    // planner lives as long as the process and a profile may list any words.
    private readonly ConcurrentDictionary<string, string[]> _activesByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keysByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Group, string Ingredient), bool> _groupMembership = new();

    /// <param name="annexes">EU Annex II and III; null when the annex data is not available, which turns off the
    /// Annex II exclusion and leaves the fragrance group to the knowledge table alone.</param>
    public CatalogKnowledge(IngredientKnowledge source, CosingAnnexes? annexes = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _annexes = annexes;
        _byId = source.Actives.ToDictionary(a => a.Id, StringComparer.Ordinal);
        Actives = source.Actives.Select(ToActive).ToList();
        Contraindications = source.Contraindications.SelectMany(ToContraindications).ToList();
        Conflicts = source.Conflicts.SelectMany(ToConflicts).ToList();
    }

    public IReadOnlyList<ActiveIngredient> Actives { get; }

    public IReadOnlyList<Contraindication> Contraindications { get; }

    public IReadOnlyList<ActiveConflict> Conflicts { get; }

    /// <summary>Creates the adapter over the knowledge table shipped with Skinsight and, when given, the EU annexes.</summary>
    public static CatalogKnowledge LoadDefault(CosingAnnexes? annexes = null) => new(IngredientKnowledge.LoadDefault(), annexes);

    public bool HasAnnexData => _annexes is not null;

    /// <summary>The number of entries in the per-name caches, for tests that they stop growing.</summary>
    internal int CachedEntryCount => _activesByName.Count + _keysByName.Count + _groupMembership.Count;

    public IReadOnlyList<AnnexMatch> FindProhibited(IReadOnlyList<string> ingredients) =>
        _annexes?.FindProhibited(ingredients) ?? [];

    public IReadOnlyCollection<string> FindActives(IReadOnlyList<string> ingredients)
    {
        var ids = new List<string>();
        foreach (string ingredient in ingredients)
        {
            foreach (string id in _activesByName.GetOrAdd(ingredient, IdentifyIds))
            {
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    public IReadOnlyList<string>? FindGroupMembers(string group, IReadOnlyList<string> ingredients)
    {
        IReadOnlyList<string>? members = FindKnowledgeMembers(group, ingredients);
        if (members is null || _annexes is null || !string.Equals(group, FragranceGroup, StringComparison.OrdinalIgnoreCase))
        {
            return members;
        }

        // The annex lists more labelled allergens than the curated group, so both count, in label order.
        var allergens = _annexes.FindFragranceAllergens(ingredients).Select(m => m.Ingredient).ToHashSet(StringComparer.Ordinal);
        return [.. ingredients.Where(i => allergens.Contains(i) || members.Contains(i))];
    }

    private IReadOnlyList<string>? FindKnowledgeMembers(string group, IReadOnlyList<string> ingredients)
    {
        // Known groups match their member list, remembered under the table's name for the group rather than
        // the alias or spelling the person used.
        if (_source.FindAllergenGroup(group) is { } known)
        {
            return ingredients.Where(i => _groupMembership.GetOrAdd((known.Group, i), IsGroupMember, known)).ToList();
        }

        // Irritant classes such as drying-alcohol are actives in the catalog's table, not allergen groups.
        var ids = _source.Actives.Where(a => IsActiveOfGroup(a, group)).Select(a => a.Id).ToHashSet();
        if (ids.Count > 0)
        {
            return ingredients.Where(i => _source.Identify(i).Any(a => ids.Contains(a.Id))).ToList();
        }

        // Any other name matches ingredients containing its words. Its key is folded once per call, and
        // nothing about it is stored.
        string words = InciNames.Key(group);
        return ingredients.Where(i => IngredientKnowledge.ContainsAllergyWords(KeyOf(i), words)).ToList();
    }

    public bool IsKnownGroup(string group) =>
        !string.IsNullOrWhiteSpace(group)
        && (_source.FindAllergenGroup(group) is not null || _source.Actives.Any(a => IsActiveOfGroup(a, group)));

    // Profiles spell group names as people type them, and the plan's cache of group members ignores case, so the
    // match must ignore it too: otherwise "Drying-Alcohol" falls through to a word search that finds nothing.
    private static bool IsActiveOfGroup(CatalogActive active, string group)
    {
        string name = group.Trim();
        return string.Equals(active.Class, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(active.Id, name, StringComparison.OrdinalIgnoreCase);
    }

    private string[] IdentifyIds(string ingredient) => [.. _source.Identify(ingredient).Select(a => a.Id)];

    private string KeyOf(string ingredient) => _keysByName.GetOrAdd(ingredient, InciNames.Key);

    private bool IsGroupMember((string Group, string Ingredient) key, AllergenGroup group) =>
        _source.IsMember(group, key.Ingredient);

    private ActiveIngredient ToActive(CatalogActive active)
    {
        var traits = ActiveTraits.None;
        if (active.Class == "retinoid")
        {
            traits |= ActiveTraits.Retinoid;
        }

        if (s_exfoliatingAcids.Contains(active.Class))
        {
            traits |= ActiveTraits.ExfoliatingAcid;
        }

        if (active.Photosensitising)
        {
            traits |= ActiveTraits.Photosensitising;
        }

        // Vitamin C is an antioxidant that backs up sunscreen, so it goes in the morning.
        if (active.Class == "vitamin-c")
        {
            traits |= ActiveTraits.MorningPreferred;
        }

        if (active.Class.StartsWith("uv-filter", StringComparison.Ordinal))
        {
            traits |= ActiveTraits.UvFilter;
        }

        bool recommendable = !s_notTreatments.Contains(active.Class) && !IsPrescriptionOrBanned(active);
        return new ActiveIngredient(active.Id, active.Name, recommendable ? active.Concerns : [], traits);
    }

    /// <summary>
    /// True for actives Skinsight must not recommend as cosmetic guidance: prescription medicines (tretinoin)
    /// and those banned from cosmetics (hydroquinone in the EU). They are still detected in products so the
    /// safety rules apply to them.
    /// </summary>
    // NOTE: the catalog's table has no field for this, so it is read from the free text of the concentration
    // and cautions; an entry worded differently would be missed.
    private static bool IsPrescriptionOrBanned(CatalogActive active) =>
        active.Concentration.Contains("prescription only", StringComparison.OrdinalIgnoreCase)
        || active.Concentration.Contains("banned", StringComparison.OrdinalIgnoreCase)
        || active.Cautions.Any(c => c.StartsWith("Prescription medicine", StringComparison.OrdinalIgnoreCase));

    private IEnumerable<Contraindication> ToContraindications(CatalogContraindication rule)
    {
        RiskCondition? condition = rule.Condition switch
        {
            Conditions.Pregnancy => RiskCondition.Pregnancy,
            Conditions.Breastfeeding => RiskCondition.Breastfeeding,
            Conditions.SensitiveSkin => RiskCondition.SensitiveSkin,
            _ => null,
        };
        if (condition is null || rule.Severity == "requires-sunscreen")
        {
            // Sun-exposure rules are met by the sunscreen every plan has and by evening-only placement.
            yield break;
        }

        // NOTE: ingredient lists do not print concentrations, so a rule limited by AbovePercent (such as
        // high-dose salicylic acid) is applied to every product containing the active.
        foreach (CatalogActive active in Expand(rule.Actives))
        {
            // During pregnancy and breastfeeding "caution" is treated as "avoid"; for sensitive skin only
            // fragrance and drying alcohol are. Other sensitive-skin cautions (strong exfoliants) are left to
            // the slow ramp-up rather than excluded.
            bool hard = rule.Severity == "avoid" || condition != RiskCondition.SensitiveSkin
                || s_sensitiveHardClasses.Contains(active.Class);
            if (hard)
            {
                yield return new Contraindication(rule.Id, active.Id, condition.Value, rule.Reason, rule.Source);
            }
        }
    }

    private IEnumerable<ActiveConflict> ToConflicts(ConflictRule rule)
    {
        bool sameDay = rule.When == "same-day";
        string reason = string.IsNullOrEmpty(rule.Advice) ? rule.Reason : $"{rule.Reason} {rule.Advice}";
        foreach (CatalogActive left in Expand(rule.Left))
        {
            foreach (CatalogActive right in Expand(rule.Right))
            {
                // Two members of one class (retinol and retinyl palmitate) in one product are a single
                // retinoid; the planner already keeps one retinoid step, so same-class pairs are left out.
                if (left.Class != right.Class)
                {
                    yield return new ActiveConflict(rule.Id, left.Id, right.Id, reason, rule.Source, sameDay);
                }
            }
        }
    }

    private IEnumerable<CatalogActive> Expand(IReadOnlyList<string> classesOrIds) =>
        _byId.Values.Where(a => IngredientKnowledge.IsIn(a, classesOrIds));
}
