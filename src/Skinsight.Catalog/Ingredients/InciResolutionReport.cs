namespace Skinsight.Catalog.Ingredients;

/// <summary>How many ingredient tokens of a catalog resolved to CosIng names, by match kind.</summary>
/// <param name="Tokens">Ingredient names counted, one per product and name.</param>
/// <param name="ByKind">Token count per match kind; <see cref="InciMatchKind.None"/> counts the unresolved.</param>
/// <param name="TopUnresolved">The most frequent unresolved names with their counts, most frequent first.</param>
public sealed record InciResolutionReport(
    int Tokens,
    IReadOnlyDictionary<InciMatchKind, int> ByKind,
    IReadOnlyList<KeyValuePair<string, int>> TopUnresolved)
{
    /// <summary>Share of tokens resolved by any kind of match, 0-1.</summary>
    public double ResolvedShare => Tokens == 0 ? 0 : 1 - (double)ByKind.GetValueOrDefault(InciMatchKind.None) / Tokens;

    /// <summary>Resolves every ingredient of every product and counts the outcomes.</summary>
    /// <param name="ingredientLists">One list of ingredient names per product.</param>
    /// <param name="topCount">How many unresolved names to keep for <see cref="TopUnresolved"/>.</param>
    public static InciResolutionReport Build(
        IEnumerable<IReadOnlyList<string>> ingredientLists,
        CosingInventory inventory,
        int topCount = 25)
    {
        ArgumentNullException.ThrowIfNull(ingredientLists);
        ArgumentNullException.ThrowIfNull(inventory);
        var byKind = Enum.GetValues<InciMatchKind>().ToDictionary(k => k, _ => 0);
        var unresolved = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int tokens = 0;
        foreach (IReadOnlyList<string> list in ingredientLists)
        {
            foreach (string name in list)
            {
                tokens++;
                InciResolution resolution = inventory.Resolve(name);
                byKind[resolution.Kind]++;
                if (!resolution.Resolved)
                {
                    unresolved[name] = unresolved.GetValueOrDefault(name) + 1;
                }
            }
        }

        KeyValuePair<string, int>[] top = [.. unresolved.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(topCount)];
        return new InciResolutionReport(tokens, byKind, top);
    }
}
