using System.Globalization;
using Skinsight.Core.History;
using Skinsight.Core.Plans;

namespace Skinsight.Planning;

/// <summary>
/// The rules from a person's product history: leave out products they reacted to or disliked, avoid the
/// ingredients that the reactions point to, and prefer products they own or liked.
/// </summary>
/// <remarks>
/// An ingredient is suspected when two or more reacted products share it, unless it is in at least
/// <see cref="CommonIngredientShare"/> of the catalog, because a base ingredient such as water or glycerin cannot
/// explain a reaction to a few products. A reacted product that contains a member of a known irritant group
/// (<see cref="IrritantGroupNames"/>) puts the whole group on the avoid list.
/// </remarks>
internal sealed class HistoryRules
{
    public const double CommonIngredientShare = 0.25;

    public static readonly IReadOnlyList<string> IrritantGroupNames =
        [IrritantGroups.Fragrance, IrritantGroups.DryingAlcohol, "isothiazolinones", "formaldehyde releasers"];

    private readonly CatalogIndex _index;
    private readonly List<ProductFacts> _reacted = [];
    private readonly List<ProductFacts> _disliked = [];

    public HistoryRules(IReadOnlyList<ProductExperience> history, CatalogIndex index)
    {
        _index = index;
        foreach (ProductExperience entry in history)
        {
            if (index.FindByKey(entry.ProductKey) is not { } facts)
            {
                continue;
            }

            switch (entry.Kind)
            {
                case ExperienceKind.Owned:
                    Owned.Add(facts.Index);
                    break;
                case ExperienceKind.Liked:
                    Liked.Add(facts.Index);
                    break;
                case ExperienceKind.Disliked:
                    _disliked.Add(facts);
                    break;
                case ExperienceKind.Reacted:
                    _reacted.Add(facts);
                    break;
            }
        }
    }

    /// <summary>Catalog positions of the products the person owns.</summary>
    public HashSet<int> Owned { get; } = [];

    /// <summary>Catalog positions of the products the person liked.</summary>
    public HashSet<int> Liked { get; } = [];

    /// <summary>
    /// Marks the products these rules exclude in <paramref name="excluded"/>, leaving earlier exclusions in place,
    /// and adds one warning per rule that excluded something.
    /// </summary>
    public void Exclude(Exclusion?[] excluded, List<PlanWarning> warnings)
    {
        var direct = new Dictionary<int, Exclusion>();
        foreach (ProductFacts facts in _disliked)
        {
            direct[facts.Index] = new Exclusion(PlanRules.HistoryDislikedProduct, facts.Product.Name);
        }

        foreach (ProductFacts facts in _reacted)
        {
            direct[facts.Index] = new Exclusion(PlanRules.HistoryReactedProduct, facts.Product.Name);
        }

        (HashSet<string> shared, List<string> common) = SharedIngredients();
        List<(string Group, string Example, string Product)> irritants = IrritantsInReactions();
        var irritantMembers = irritants.Select(i => (i.Group, Members: _index.GroupMembers(i.Group))).ToList();

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ProductFacts facts in _index.Products)
        {
            if (excluded[facts.Index] is not null)
            {
                continue;
            }

            Exclusion? exclusion = direct.GetValueOrDefault(facts.Index)
                ?? FindShared(facts, shared)
                ?? FindIrritant(facts, irritantMembers);
            if (exclusion is not null)
            {
                excluded[facts.Index] = exclusion;
                counts[exclusion.Rule] = counts.GetValueOrDefault(exclusion.Rule) + 1;
            }
        }

        AddWarnings(warnings, counts, shared, common, irritants);
    }

    private static Exclusion? FindShared(ProductFacts facts, HashSet<string> shared)
    {
        if (shared.Count == 0)
        {
            return null;
        }

        string? hit = facts.Product.Ingredients.FirstOrDefault(i => shared.Contains(CatalogIndex.NormaliseIngredient(i)));
        return hit is null ? null : new Exclusion(PlanRules.HistorySharedIngredient, hit);
    }

    private static Exclusion? FindIrritant(ProductFacts facts, List<(string Group, IReadOnlyList<string>?[] Members)> groups)
    {
        foreach ((string _, IReadOnlyList<string>?[] members) in groups)
        {
            if (members[facts.Index] is { } found)
            {
                return new Exclusion(PlanRules.HistoryIrritant, found[0]);
            }
        }

        return null;
    }

    /// <summary>Returns the ingredients two or more reacted products share, and the shared ones too common to suspect.</summary>
    private (HashSet<string> Shared, List<string> Common) SharedIngredients()
    {
        var shared = new HashSet<string>(StringComparer.Ordinal);
        var common = new List<string>();
        var seenIn = _reacted
            .DistinctBy(f => f.Index)
            .SelectMany(f => f.Product.Ingredients.Select(CatalogIndex.NormaliseIngredient).Distinct())
            .CountBy(i => i);
        foreach ((string ingredient, int products) in seenIn)
        {
            if (products < 2)
            {
                continue;
            }

            if (_index.IngredientShare(ingredient) >= CommonIngredientShare)
            {
                common.Add(ingredient);
            }
            else
            {
                shared.Add(ingredient);
            }
        }

        return (shared, common);
    }

    private List<(string Group, string Example, string Product)> IrritantsInReactions()
    {
        var found = new List<(string Group, string Example, string Product)>();
        foreach (string group in IrritantGroupNames)
        {
            IReadOnlyList<string>?[] members = _index.GroupMembers(group);
            ProductFacts? reacted = _reacted.FirstOrDefault(f => members[f.Index] is not null);
            if (reacted is not null)
            {
                found.Add((group, members[reacted.Index]![0], reacted.Product.Name));
            }
        }

        return found;
    }

    private void AddWarnings(
        List<PlanWarning> warnings,
        Dictionary<string, int> counts,
        HashSet<string> shared,
        List<string> common,
        List<(string Group, string Example, string Product)> irritants)
    {
        if (_reacted.Count > 0)
        {
            warnings.Add(new PlanWarning(PlanRules.HistoryReactedProduct,
                $"You reacted to {Names(_reacted)}, so the plan leaves {(_reacted.Count == 1 ? "it" : "them")} out."));
        }

        if (_disliked.Count > 0)
        {
            warnings.Add(new PlanWarning(PlanRules.HistoryDislikedProduct,
                $"You disliked {Names(_disliked)}, so the plan leaves {(_disliked.Count == 1 ? "it" : "them")} out."));
        }

        if (shared.Count > 0)
        {
            string note = common.Count == 0 ? "" :
                $" They also share {string.Join(", ", common.Order(StringComparer.Ordinal))}, but each of those is in at least "
                + $"{CommonIngredientShare.ToString("0%", CultureInfo.InvariantCulture)} of the catalog's products, so it is not suspected.";
            warnings.Add(new PlanWarning(PlanRules.HistorySharedIngredient,
                $"The products you reacted to share {string.Join(", ", shared.Order(StringComparer.Ordinal))}, so the plan "
                + $"left out {counts.GetValueOrDefault(PlanRules.HistorySharedIngredient)} more products containing them.{note}"));
        }

        foreach ((string group, string example, string product) in irritants)
        {
            warnings.Add(new PlanWarning(PlanRules.HistoryIrritant,
                $"{product}, which you reacted to, contains {example}, a known irritant of the {group.Replace('-', ' ')} group, "
                + "so the plan avoids that whole group."));
        }

        if (irritants.Count > 0 && counts.GetValueOrDefault(PlanRules.HistoryIrritant) > 0)
        {
            warnings.Add(new PlanWarning(PlanRules.HistoryIrritant,
                $"Avoiding those irritant groups left out {counts.GetValueOrDefault(PlanRules.HistoryIrritant)} more products."));
        }
    }

    private static string Names(List<ProductFacts> products) =>
        string.Join(", ", products.DistinctBy(p => p.Index).Select(p => $"{p.Product.Brand} {p.Product.Name}"));
}
