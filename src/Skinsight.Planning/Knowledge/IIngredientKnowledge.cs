using Skinsight.Catalog.Ingredients;

namespace Skinsight.Planning.Knowledge;

/// <summary>
/// The ingredient facts the planner needs: which actives address which concern, how to spot them in an
/// ingredient list, which must be avoided for a condition, which pairs conflict, and allergen groups.
/// </summary>
public interface IIngredientKnowledge
{
    /// <summary>All known actives. For each concern, their order is the order of preference.</summary>
    IReadOnlyList<ActiveIngredient> Actives { get; }

    /// <summary>Actives to avoid under a condition such as pregnancy.</summary>
    IReadOnlyList<Contraindication> Contraindications { get; }

    /// <summary>Pairs of actives that must not be applied in the same routine on the same day.</summary>
    IReadOnlyList<ActiveConflict> Conflicts { get; }

    /// <summary>Finds the ids of the actives present in an ingredient list.</summary>
    IReadOnlyCollection<string> FindActives(IReadOnlyList<string> ingredients);

    /// <summary>
    /// Finds the ingredients of a list that belong to an allergen or irritant group such as <c>fragrance</c>.
    /// Returns null when the group is unknown, so the caller can fall back to matching the name itself.
    /// </summary>
    IReadOnlyList<string>? FindGroupMembers(string group, IReadOnlyList<string> ingredients);

    /// <summary>
    /// Returns true when <paramref name="group"/> names a group this knowledge defines, such as <c>fragrance</c>
    /// or <c>peanuts</c>, rather than a name the planner can only match word for word.
    /// </summary>
    bool IsKnownGroup(string group) => FindGroupMembers(group, []) is not null;

    /// <summary>
    /// Finds the ingredients of a list that EU Annex II prohibits in cosmetics, each with its annex entry. Returns
    /// an empty list when no annex data is loaded.
    /// </summary>
    IReadOnlyList<AnnexMatch> FindProhibited(IReadOnlyList<string> ingredients) => [];

    /// <summary>True when EU Annex II and III data is loaded, so the annex rules can run.</summary>
    bool HasAnnexData => false;
}

/// <summary>Traits of an active that the safety rules and the routine builder act on.</summary>
[Flags]
public enum ActiveTraits
{
    None = 0,

    /// <summary>Vitamin A derivative (retinol, retinal, adapalene, ...): ramped up slowly, never in pregnancy.</summary>
    Retinoid = 1,

    /// <summary>AHA, BHA or PHA: used 2-3 times a week, not daily.</summary>
    ExfoliatingAcid = 2,

    /// <summary>Raises sensitivity to the sun: evening only, and only with a morning sunscreen.</summary>
    Photosensitising = 4,

    /// <summary>Works best in the morning, e.g. antioxidants under sunscreen.</summary>
    MorningPreferred = 8,

    /// <summary>A UV filter: the sunscreen step's active. In a cleanser or a cream it may only whiten or tint.</summary>
    UvFilter = 16,
}

/// <summary>An active ingredient with the concerns it addresses.</summary>
/// <param name="Id">Stable id, e.g. <c>retinol</c>.</param>
/// <param name="Name">Display name, e.g. <c>Retinol</c>.</param>
public sealed record ActiveIngredient(string Id, string Name, IReadOnlyList<string> Concerns, ActiveTraits Traits)
{
    public bool Has(ActiveTraits trait) => (Traits & trait) == trait;

    /// <summary>True when the active is ramped up or limited to some nights rather than used daily.</summary>
    public bool NeedsSchedule => Has(ActiveTraits.Retinoid) || Has(ActiveTraits.ExfoliatingAcid);
}

/// <summary>A condition under which some actives are avoided.</summary>
public enum RiskCondition
{
    Pregnancy,
    Breastfeeding,
    SensitiveSkin,
}

/// <summary>An active to avoid under a condition, with the reason and where the rule comes from.</summary>
/// <param name="Rule">Stable rule id used in plan warnings, e.g. <c>pregnancy-no-retinoid</c>.</param>
public sealed record Contraindication(string Rule, string ActiveId, RiskCondition Condition, string Reason, string Source);

/// <summary>Two actives that must not share a routine on the same day.</summary>
/// <param name="Rule">Stable rule id used in plan warnings, e.g. <c>conflict-retinoid-aha</c>.</param>
/// <param name="SameDay">True when the pair must not meet on the same day at all, even split between morning and evening.</param>
public sealed record ActiveConflict(
    string Rule, string FirstActiveId, string SecondActiveId, string Reason, string Source, bool SameDay = false)
{
    public bool Involves(string a, string b) =>
        (FirstActiveId == a && SecondActiveId == b) || (FirstActiveId == b && SecondActiveId == a);
}
