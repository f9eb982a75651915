using Skinsight.Core.Analysis;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning.Tests;

/// <summary>
/// A small hand-written knowledge base with just the actives, rules and fragrance group the tests need.
/// </summary>
internal sealed class FakeKnowledge : IIngredientKnowledge
{
    public const string Retinol = "retinol";
    public const string Bakuchiol = "bakuchiol";
    public const string GlycolicAcid = "glycolic-acid";
    public const string SalicylicAcid = "salicylic-acid";
    public const string BenzoylPeroxide = "benzoyl-peroxide";
    public const string Niacinamide = "niacinamide";
    public const string VitaminC = "ascorbic-acid";
    public const string Hydroquinone = "hydroquinone";
    public const string HyaluronicAcid = "hyaluronic-acid";

    private static readonly Dictionary<string, string> s_inciToActive = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Retinol"] = Retinol,
        ["Retinyl Palmitate"] = Retinol,
        ["Bakuchiol"] = Bakuchiol,
        ["Glycolic Acid"] = GlycolicAcid,
        ["Salicylic Acid"] = SalicylicAcid,
        ["Benzoyl Peroxide"] = BenzoylPeroxide,
        ["Niacinamide"] = Niacinamide,
        ["Ascorbic Acid"] = VitaminC,
        ["Hydroquinone"] = Hydroquinone,
        ["Sodium Hyaluronate"] = HyaluronicAcid,
        ["Hyaluronic Acid"] = HyaluronicAcid,
    };

    private static readonly HashSet<string> s_fragrance = new(StringComparer.OrdinalIgnoreCase)
    {
        "Parfum", "Fragrance", "Linalool", "Limonene", "Geraniol", "Citronellol",
    };

    /// <summary>Creates the knowledge base, optionally replacing the concerns of some actives by id.</summary>
    public FakeKnowledge(IReadOnlyDictionary<string, string[]>? concernsById = null)
    {
        if (concernsById is not null)
        {
            Actives = Actives
                .Select(a => concernsById.TryGetValue(a.Id, out string[]? concerns) ? a with { Concerns = concerns } : a)
                .ToList();
        }
    }

    public IReadOnlyList<ActiveIngredient> Actives { get; } =
    [
        new(Retinol, "Retinol", [Concerns.Wrinkles, Concerns.Acne, Concerns.Texture], ActiveTraits.Retinoid | ActiveTraits.Photosensitising),
        new(Hydroquinone, "Hydroquinone", [Concerns.DarkSpots], ActiveTraits.None),
        new(SalicylicAcid, "Salicylic Acid", [Concerns.Acne, Concerns.Pores, Concerns.Oiliness], ActiveTraits.ExfoliatingAcid),
        new(GlycolicAcid, "Glycolic Acid", [Concerns.Texture, Concerns.Dullness, Concerns.DarkSpots], ActiveTraits.ExfoliatingAcid | ActiveTraits.Photosensitising),
        new(VitaminC, "Ascorbic Acid", [Concerns.DarkSpots, Concerns.Dullness], ActiveTraits.MorningPreferred),
        new(BenzoylPeroxide, "Benzoyl Peroxide", [Concerns.Acne], ActiveTraits.None),
        new(Niacinamide, "Niacinamide", [Concerns.Redness, Concerns.Pores, Concerns.Oiliness, Concerns.Acne], ActiveTraits.None),
        new(Bakuchiol, "Bakuchiol", [Concerns.Wrinkles], ActiveTraits.None),
        new(HyaluronicAcid, "Hyaluronic Acid", [Concerns.Dryness], ActiveTraits.None),
    ];

    public IReadOnlyList<Contraindication> Contraindications { get; } =
    [
        new("pregnancy-no-retinoid", Retinol, RiskCondition.Pregnancy, "Retinoids are avoided in pregnancy.", "test"),
        new("breastfeeding-no-retinoid", Retinol, RiskCondition.Breastfeeding, "Retinoids are avoided while breastfeeding.", "test"),
        new("pregnancy-no-hydroquinone", Hydroquinone, RiskCondition.Pregnancy, "Hydroquinone is avoided in pregnancy.", "test"),
        new("pregnancy-no-salicylic-acid", SalicylicAcid, RiskCondition.Pregnancy, "High-dose salicylic acid is avoided in pregnancy.", "test"),
    ];

    public IReadOnlyList<ActiveConflict> Conflicts { get; } =
    [
        new("conflict-retinoid-aha", Retinol, GlycolicAcid, "both irritate, so together they over-exfoliate.", "test"),
        new("conflict-retinoid-bha", Retinol, SalicylicAcid, "both irritate, so together they over-exfoliate.", "test"),
        new("conflict-retinoid-bpo", Retinol, BenzoylPeroxide, "benzoyl peroxide oxidises retinoids.", "test"),
        new("conflict-vitamin-c-aha", VitaminC, GlycolicAcid, "the acid's low pH destabilises vitamin C.", "test"),
        new("conflict-vitamin-c-bpo", VitaminC, BenzoylPeroxide, "benzoyl peroxide oxidises vitamin C.", "test"),
    ];

    public IReadOnlyCollection<string> FindActives(IReadOnlyList<string> ingredients) =>
        ingredients.Where(s_inciToActive.ContainsKey).Select(i => s_inciToActive[i]).Distinct().ToList();

    public IReadOnlyList<string>? FindGroupMembers(string group, IReadOnlyList<string> ingredients) =>
        string.Equals(group, "fragrance", StringComparison.OrdinalIgnoreCase)
            ? ingredients.Where(s_fragrance.Contains).ToList()
            : null;
}
