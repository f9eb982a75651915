using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning;

/// <summary>
/// Irritant groups the sensitive-skin rule needs when the ingredient knowledge does not define them.
/// </summary>
internal static class IrritantGroups
{
    public const string Fragrance = "fragrance";
    public const string DryingAlcohol = "drying-alcohol";

    // Short-chain alcohols that dry the skin. Fatty alcohols (cetyl, cetearyl, stearyl) soften it and are
    // deliberately absent, so matching is on whole names, not substrings.
    private static readonly HashSet<string> s_dryingAlcohols = new(StringComparer.OrdinalIgnoreCase)
    {
        "alcohol", "alcohol denat", "alcohol denat.", "denatured alcohol", "sd alcohol", "sd alcohol 40",
        "sd alcohol 40-b", "ethanol", "ethyl alcohol", "isopropyl alcohol", "isopropanol", "methanol",
    };

    /// <summary>
    /// Finds the ingredients of a list that belong to an avoided group: from the knowledge's groups, else the
    /// groups defined here, else every ingredient whose name contains the group's name.
    /// </summary>
    public static IReadOnlyList<string> Members(IIngredientKnowledge knowledge, string group, IReadOnlyList<string> ingredients) =>
        knowledge.FindGroupMembers(group, ingredients)
        ?? Find(group, ingredients)
        ?? ingredients.Where(i => i.Contains(group, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Finds the members of a group defined here, or returns null for any other group.</summary>
    public static IReadOnlyList<string>? Find(string group, IReadOnlyList<string> ingredients)
    {
        if (!string.Equals(group, DryingAlcohol, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ingredients.Where(i => s_dryingAlcohols.Contains(i.Trim())).ToList();
    }
}
