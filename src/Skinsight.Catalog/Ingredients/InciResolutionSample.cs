using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Ingredients;

/// <summary>One resolved ingredient name drawn for a hand check of the resolver.</summary>
/// <param name="ProductKey">The product the name was listed in (<see cref="Product.Key"/>).</param>
/// <param name="Raw">The token as the label printed it, before cleaning; equals <paramref name="Name"/> when the
/// product's raw list no longer yields that name.</param>
/// <param name="Name">The cleaned name that was resolved.</param>
/// <param name="InciName">The CosIng name it resolved to.</param>
public sealed record InciSampleRow(
    string ProductKey,
    string Raw,
    string Name,
    string InciName,
    InciMatchKind Kind,
    double Confidence);

/// <summary>Draws a seeded random sample of resolved ingredient names, for checking the resolver by hand.</summary>
public static class InciResolutionSample
{
    /// <summary>
    /// Resolves every ingredient name of every product (one per product and name, as
    /// <see cref="InciResolutionReport"/> counts them) and returns <paramref name="count"/> of the resolved ones,
    /// drawn uniformly without replacement with <see cref="Random"/> seeded by <paramref name="seed"/>. The same
    /// products in the same order and the same seed give the same sample.
    /// </summary>
    public static IReadOnlyList<InciSampleRow> Draw(
        IEnumerable<Product> products,
        CosingInventory inventory,
        int count,
        int seed)
    {
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        var resolved = new List<(Product Product, string Name, InciResolution Resolution)>();
        foreach (Product product in products)
        {
            foreach (string name in product.Ingredients)
            {
                InciResolution resolution = inventory.Resolve(name);
                if (resolution.Resolved)
                {
                    resolved.Add((product, name, resolution));
                }
            }
        }

        // A partial Fisher-Yates shuffle: the first `take` slots end up a uniform sample.
        var random = new Random(seed);
        int take = Math.Min(count, resolved.Count);
        for (int i = 0; i < take; i++)
        {
            int j = random.Next(i, resolved.Count);
            (resolved[i], resolved[j]) = (resolved[j], resolved[i]);
        }

        return [.. resolved.Take(take).Select(r => new InciSampleRow(
            r.Product.Key,
            RawToken(r.Product.IngredientsRaw, r.Name),
            r.Name,
            r.Resolution.Entry!.InciName,
            r.Resolution.Kind,
            r.Resolution.Confidence))];
    }

    private static string RawToken(string rawList, string name) =>
        InciParser.Parse(rawList).Tokens
            .FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Raw.Trim() ?? name;
}
