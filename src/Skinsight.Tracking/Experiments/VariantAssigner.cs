using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Skinsight.Tracking.Experiments;

/// <summary>One arm of an experiment and its share of people (weights need not sum to 1).</summary>
public sealed record Variant(string Name, double Weight);

/// <summary>
/// Assigns people to experiment variants deterministically, so the same person always gets the same variant of
/// an experiment without storing the assignment, and different experiments split people independently.
/// </summary>
public static class VariantAssigner
{
    /// <summary>
    /// Maps an (experiment, person) pair to a uniform number in [0, 1): the first 8 bytes, big-endian, of
    /// SHA-256 over the UTF-8 text "{experimentId length}:{experimentId}|{personId}", divided by 2⁶⁴.
    /// </summary>
    /// <remarks>The length prefix keeps pairs such as ("a|b", "c") and ("a", "b|c") apart.</remarks>
    public static double Bucket(string experimentId, string personId)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(personId);
        var key = Encoding.UTF8.GetBytes($"{experimentId.Length}:{experimentId}|{personId}");
        var hash = SHA256.HashData(key);
        var leading = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return leading / 18446744073709551616.0;
    }

    /// <summary>Returns the name of the person's variant. Variants own consecutive slices of [0, 1) in list order.</summary>
    /// <exception cref="TrackingException">No variants, a negative or non-finite weight, or all weights zero.</exception>
    public static string Assign(string experimentId, string personId, IReadOnlyList<Variant> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ValidateWeights(experimentId, variants);
        var total = variants.Sum(v => v.Weight);
        var target = Bucket(experimentId, personId) * total;

        var cumulative = 0.0;
        foreach (var variant in variants)
        {
            cumulative += variant.Weight;
            if (target < cumulative)
            {
                return variant.Name;
            }
        }

        // Rounding can leave the target a hair above the last cumulative sum; it belongs to the last weighted arm.
        return variants.Last(v => v.Weight > 0).Name;
    }

    private static void ValidateWeights(string experimentId, IReadOnlyList<Variant> variants)
    {
        if (variants.Count == 0)
        {
            throw new TrackingException($"Experiment '{experimentId}' has no variants; define at least one.");
        }

        foreach (var variant in variants)
        {
            if (!double.IsFinite(variant.Weight) || variant.Weight < 0)
            {
                throw new TrackingException(
                    $"Variant '{variant.Name}' of experiment '{experimentId}' has weight {variant.Weight}; " +
                    "weights must be finite and not negative.");
            }
        }

        if (variants.All(v => v.Weight == 0))
        {
            throw new TrackingException(
                $"All variants of experiment '{experimentId}' have weight 0; give at least one a positive weight.");
        }
    }
}
