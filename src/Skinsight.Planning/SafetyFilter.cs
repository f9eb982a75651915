using AnnexMatch = Skinsight.Catalog.Ingredients.AnnexMatch;
using Skinsight.Core.Catalog;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning;

/// <summary>
/// The hard exclusions. Products with a substance EU Annex II prohibits are excluded for everyone when the annex
/// data is loaded. The other exclusions depend on the person: actives contraindicated by pregnancy, breastfeeding
/// or sensitive skin, and products containing a listed allergen, a past reaction, a "free of" preference or, for
/// sensitive skin, fragrance or drying alcohol.
/// </summary>
internal sealed class SafetyFilter
{
    private readonly List<AvoidedGroup> _groups = [];
    private readonly Dictionary<string, string> _activeNames;
    private readonly IIngredientKnowledge _knowledge;

    public SafetyFilter(SkinProfile profile, IIngredientKnowledge knowledge)
    {
        _knowledge = knowledge;
        _activeNames = knowledge.Actives.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        foreach (Contraindication rule in knowledge.Contraindications)
        {
            if (Applies(rule.Condition, profile))
            {
                ForbiddenActives.TryAdd(rule.ActiveId, rule);
            }
        }

        // Retinoids are excluded in pregnancy and breastfeeding even when the data lacks a rule for one of them.
        if (profile.Pregnant || profile.Breastfeeding)
        {
            foreach (ActiveIngredient active in knowledge.Actives.Where(a => a.Has(ActiveTraits.Retinoid)))
            {
                ForbiddenActives.TryAdd(active.Id, new Contraindication(
                    PlanRules.PregnancyNoRetinoid, active.Id, RiskCondition.Pregnancy,
                    "Retinoids are avoided during pregnancy and breastfeeding.", "Skinsight planner built-in rule"));
            }
        }

        foreach (string allergy in profile.Allergies)
        {
            _groups.Add(new AvoidedGroup(allergy, PlanRules.Allergen, $"your listed allergy to {allergy}"));
            if (!knowledge.IsKnownGroup(allergy))
            {
                UnrecognisedAllergies.Add(allergy);
            }
        }

        foreach (string reaction in profile.PastReactions)
        {
            _groups.Add(new AvoidedGroup(reaction, PlanRules.PastReaction, $"your past reaction to {reaction}"));
        }

        foreach (string preference in profile.FreeOf)
        {
            _groups.Add(new AvoidedGroup(preference, PlanRules.FreeOf, $"your wish for products free of {preference}"));
        }

        if (profile.Sensitive)
        {
            _groups.Add(new AvoidedGroup(IrritantGroups.Fragrance, PlanRules.SensitiveNoFragrance, "sensitive skin"));
            _groups.Add(new AvoidedGroup(IrritantGroups.DryingAlcohol, PlanRules.SensitiveNoDryingAlcohol, "sensitive skin"));
        }
    }

    /// <summary>Contraindicated actives by id, with the rule that forbids each.</summary>
    public Dictionary<string, Contraindication> ForbiddenActives { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Listed allergies that name no known allergen group, so only ingredients whose names contain the
    /// allergy's words are excluded.
    /// </summary>
    public List<string> UnrecognisedAllergies { get; } = [];

    /// <summary>Ingredient groups the person must avoid entirely.</summary>
    public IReadOnlyList<AvoidedGroup> Groups => _groups;

    /// <summary>
    /// True when an ingredient name, e.g. one the plan advises looking for, belongs to a group the person avoids.
    /// </summary>
    public bool Avoids(string ingredient) =>
        _groups.Any(g => IrritantGroups.Members(_knowledge, g.Name, [ingredient]).Count > 0);

    /// <summary>
    /// Finds, per product, the first rule that excludes it, or null when the product is allowed. The tally
    /// records how many products each rule removed and which ingredients triggered it.
    /// </summary>
    public Exclusion?[] ExcludeProducts(CatalogIndex index, RuleTally tally)
    {
        var excluded = new Exclusion?[index.Products.Count];
        foreach (ProductFacts facts in index.Products)
        {
            IReadOnlyList<AnnexMatch> prohibited = index.Prohibited[facts.Index];
            if (prohibited.Count > 0)
            {
                excluded[facts.Index] = new Exclusion(PlanRules.EuAnnexIIProhibited, prohibited[0].Citation);
            }
        }

        foreach (AvoidedGroup group in _groups)
        {
            IReadOnlyList<string>?[] members = index.GroupMembers(group.Name);
            for (int i = 0; i < excluded.Length; i++)
            {
                if (excluded[i] is null && members[i] is { } found)
                {
                    excluded[i] = new Exclusion(group.Rule, found[0], group);
                }
            }
        }

        foreach (ProductFacts facts in index.Products)
        {
            if (excluded[facts.Index] is not null)
            {
                continue;
            }

            foreach (string active in facts.Actives)
            {
                if (ForbiddenActives.TryGetValue(active, out Contraindication? rule))
                {
                    excluded[facts.Index] = new Exclusion(rule.Rule, _activeNames.GetValueOrDefault(active, active));
                    break;
                }
            }
        }

        foreach (ProductFacts facts in index.Products)
        {
            if (excluded[facts.Index] is { } exclusion && RoutineSteps.IsPlannable(facts.Product.Category))
            {
                tally.CountProduct(exclusion.Rule, exclusion.Trigger, exclusion.Group);
            }
        }

        return excluded;
    }

    private static bool Applies(RiskCondition condition, SkinProfile profile) => condition switch
    {
        RiskCondition.Pregnancy => profile.Pregnant,
        RiskCondition.Breastfeeding => profile.Breastfeeding,
        RiskCondition.SensitiveSkin => profile.Sensitive,
        _ => false,
    };
}

/// <summary>An ingredient group to avoid, the rule id behind it and why, e.g. "your listed allergy to nuts".</summary>
internal sealed record AvoidedGroup(string Name, string Rule, string Why)
{
    /// <summary>The group name for sentences, e.g. "drying alcohol" for <c>drying-alcohol</c>.</summary>
    public string DisplayName => Name.Replace('-', ' ');
}

/// <summary>
/// Why a product was excluded: the rule id, the ingredient or active that triggered it and, for an avoided
/// ingredient group, that group.
/// </summary>
internal sealed record Exclusion(string Rule, string Trigger, AvoidedGroup? Group = null);

/// <summary>
/// Counts what each safety rule removed, so each rule that changed the plan yields one warning, and a rule
/// that several avoided groups share (one per allergy, say) one warning per group.
/// </summary>
internal sealed class RuleTally
{
    private readonly Dictionary<(string Rule, string? Group), Entry> _entries = [];

    public void CountProduct(string rule, string trigger, AvoidedGroup? group = null)
    {
        Entry entry = Get(rule, group);
        entry.Products++;
        entry.Triggers.Add(trigger);
    }

    public void SkipActive(string rule, string activeName, string concern)
    {
        Entry entry = Get(rule, null);
        if (!entry.SkippedActives.TryGetValue(activeName, out List<string>? concerns))
        {
            concerns = [];
            entry.SkippedActives[activeName] = concerns;
        }

        concerns.Add(concern);
    }

    /// <summary>
    /// Per rule and group: the group (null for a rule about actives), products removed, the ingredients that
    /// triggered it, and "Retinol (for wrinkles, acne)" texts.
    /// </summary>
    public IEnumerable<(string Rule, AvoidedGroup? Group, int Products, IReadOnlyCollection<string> Triggers, IReadOnlyList<string> Skipped)> Entries =>
        _entries.Select(e => (e.Key.Rule, e.Value.Group, e.Value.Products, (IReadOnlyCollection<string>)e.Value.Triggers,
            (IReadOnlyList<string>)e.Value.SkippedActives.Select(s => $"{s.Key} (for {string.Join(", ", s.Value)})").ToList()));

    private Entry Get(string rule, AvoidedGroup? group)
    {
        if (!_entries.TryGetValue((rule, group?.Name), out Entry? entry))
        {
            entry = new Entry { Group = group };
            _entries[(rule, group?.Name)] = entry;
        }

        return entry;
    }

    private sealed class Entry
    {
        public AvoidedGroup? Group { get; init; }

        public int Products { get; set; }

        public SortedSet<string> Triggers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public SortedDictionary<string, List<string>> SkippedActives { get; } = new(StringComparer.Ordinal);
    }
}
