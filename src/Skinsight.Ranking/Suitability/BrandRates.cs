namespace Skinsight.Ranking.Suitability;

/// <summary>
/// Smoothed share of each brand's training products that carry each flag (target encoding). A brand with n
/// products of which k carry a flag gets <c>(k + m * p) / (n + m)</c>, where p is the flag's share over all training
/// products and m is <see cref="Strength"/>; a brand not seen in training gets p.
/// </summary>
/// <remarks>
/// Some brands label most of their products unsuitable for sensitive skin, and a brand's one-hot slot rarely gets a
/// tree split of its own in about 600 products, so the trees get the brand's rate as one number instead. The rate of
/// a training product must come from other products, or the trees learn its own label; see
/// <see cref="EncodeOutOfFold"/>.
/// </remarks>
public sealed class BrandRates
{
    /// <summary>The smoothing strength m used unless another is given: a brand counts as 5 products at the overall rate.</summary>
    public const double DefaultStrength = 5;

    private readonly Dictionary<string, BrandCount> _counts;

    public BrandRates(IReadOnlyDictionary<string, BrandCount> counts, double[] overallRates, double strength)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(overallRates);
        ArgumentOutOfRangeException.ThrowIfNegative(strength);
        if (overallRates.Length != SkinTypeFlags.Count)
        {
            throw new ArgumentException($"Got {overallRates.Length} overall rates, but there must be one per flag.", nameof(overallRates));
        }

        _counts = new Dictionary<string, BrandCount>(counts, StringComparer.Ordinal);
        OverallRates = overallRates;
        Strength = strength;
    }

    /// <summary>Products and flag counts per normalised brand (see <see cref="SuitabilityFeatures.NormaliseBrand"/>).</summary>
    public IReadOnlyDictionary<string, BrandCount> Counts => _counts;

    /// <summary>Share of training products carrying each flag, in <see cref="SkinTypeFlags.Names"/> order.</summary>
    public double[] OverallRates { get; }

    /// <summary>The smoothing strength m.</summary>
    public double Strength { get; }

    /// <summary>Counts the brands and flags of the given training rows.</summary>
    public static BrandRates Fit(IReadOnlyList<string> brands, IReadOnlyList<bool[]> flags, double strength)
    {
        ArgumentNullException.ThrowIfNull(brands);
        ArgumentNullException.ThrowIfNull(flags);
        if (brands.Count != flags.Count || brands.Count == 0)
        {
            throw new ArgumentException($"Got {brands.Count} brands and {flags.Count} flag rows. Pass one non-empty row per brand.", nameof(flags));
        }

        var counts = new Dictionary<string, BrandCount>(StringComparer.Ordinal);
        for (int i = 0; i < brands.Count; i++)
        {
            BrandCount count = counts.GetValueOrDefault(brands[i]) ?? new BrandCount(0, new int[SkinTypeFlags.Count]);
            int[] positives = [.. count.Positives.Select((k, f) => k + (flags[i][f] ? 1 : 0))];
            counts[brands[i]] = new BrandCount(count.Products + 1, positives);
        }

        double[] overall = [.. Enumerable.Range(0, SkinTypeFlags.Count).Select(f => flags.Count(r => r[f]) / (double)flags.Count)];
        return new BrandRates(counts, overall, strength);
    }

    /// <summary>Returns the brand's smoothed rate per flag, in <see cref="SkinTypeFlags.Names"/> order.</summary>
    public float[] Encode(string brand)
    {
        ArgumentNullException.ThrowIfNull(brand);
        if (!_counts.TryGetValue(brand, out BrandCount? count))
        {
            return [.. OverallRates.Select(p => (float)p)];
        }

        return [.. OverallRates.Select((p, f) => (float)((count.Positives[f] + (Strength * p)) / (count.Products + Strength)))];
    }

    /// <summary>
    /// Encodes each row from the other folds only: the rows are dealt into <paramref name="folds"/> seeded folds, and
    /// each fold is encoded by rates fitted on the rest, so no row's own flags shape its value.
    /// </summary>
    public static float[][] EncodeOutOfFold(IReadOnlyList<string> brands, IReadOnlyList<bool[]> flags, double strength, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(brands);
        ArgumentNullException.ThrowIfNull(flags);
        int[] fold = SuitabilityTrainer.AssignFolds(brands.Count, folds, seed);
        var encoded = new float[brands.Count][];
        for (int k = 0; k < folds; k++)
        {
            int[] rest = [.. Enumerable.Range(0, brands.Count).Where(i => fold[i] != k)];
            if (rest.Length == 0)
            {
                continue;
            }

            BrandRates rates = Fit([.. rest.Select(i => brands[i])], [.. rest.Select(i => flags[i])], strength);
            for (int i = 0; i < brands.Count; i++)
            {
                if (fold[i] == k)
                {
                    encoded[i] = rates.Encode(brands[i]);
                }
            }
        }

        return encoded;
    }
}

/// <summary>A brand's number of training products and how many of them carry each flag.</summary>
public sealed record BrandCount(int Products, int[] Positives);
