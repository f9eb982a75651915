using Skinsight.Core.Analysis;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Safety;

/// <summary>
/// Profiles across every combination of the risk factors the safety rules act on: pregnancy, breastfeeding,
/// sensitive skin, allergies, skin type, concerns and budget.
/// </summary>
public static class RiskProfiles
{
    public static IReadOnlyList<bool> Flags { get; } = [false, true];

    public static IReadOnlyList<string[]> AllergySets { get; } = [[], ["fragrance"], ["nuts"], ["fragrance", "lanolin"]];

    /// <summary>Every single concern, several that pull in conflicting actives together, and none.</summary>
    public static IReadOnlyList<string[]> ConcernSets { get; } =
    [
        .. Concerns.All.Select(c => new[] { c }),
        [Concerns.Wrinkles, Concerns.Dullness],
        [Concerns.Wrinkles, Concerns.Texture, Concerns.DarkSpots],
        [Concerns.Acne, Concerns.Wrinkles, Concerns.Dullness],
        [Concerns.DarkSpots, Concerns.Acne, Concerns.Redness],
        [Concerns.Oiliness, Concerns.Pores, Concerns.Acne],
        [Concerns.Dryness, Concerns.Redness],
        [],
    ];

    /// <summary>No limit, one a sunscreen alone may exceed, a tight one and a generous one, in US dollars.</summary>
    public static IReadOnlyList<decimal?> Budgets { get; } = [null, 15m, 60m, 150m];

    /// <summary>Number of profiles <see cref="All"/> yields.</summary>
    public static int Count =>
        Flags.Count * Flags.Count * Flags.Count * AllergySets.Count * Enum.GetValues<SkinType>().Length
        * ConcernSets.Count * Budgets.Count;

    /// <summary>Yields one profile per combination, in a fixed order.</summary>
    public static IEnumerable<SkinProfile> All()
    {
        foreach (bool pregnant in Flags)
        {
            foreach (bool breastfeeding in Flags)
            {
                foreach (bool sensitive in Flags)
                {
                    foreach (string[] allergies in AllergySets)
                    {
                        foreach (SkinType skinType in Enum.GetValues<SkinType>())
                        {
                            foreach (string[] concerns in ConcernSets)
                            {
                                foreach (decimal? budget in Budgets)
                                {
                                    yield return new SkinProfile
                                    {
                                        Pregnant = pregnant,
                                        Breastfeeding = breastfeeding,
                                        Sensitive = sensitive,
                                        Allergies = allergies,
                                        SkinType = skinType,
                                        Concerns = concerns,
                                        BudgetUsd = budget,
                                    };
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
