using Skinsight.Ranking.Suitability;

namespace Skinsight.Ranking.Tests.Suitability;

public class BrandRatesTests
{
    private static readonly bool[] s_all = [true, true, true, true, true];
    private static readonly bool[] s_notSensitive = [true, true, true, true, false];

    [Fact]
    public void Encode_SeenBrand_ShrinksTowardsOverallRate()
    {
        // Brand A: 2 products, neither sensitive. Brand B: 2 products, both sensitive. Overall sensitive rate 0.5.
        var rates = BrandRates.Fit(["A", "A", "B", "B"], [s_notSensitive, s_notSensitive, s_all, s_all], strength: 2);

        float[] a = rates.Encode("A");

        Assert.Equal((0 + (2 * 0.5)) / (2 + 2), a[4], 6);
        Assert.Equal(1.0, a[0], 6);
    }

    [Fact]
    public void Encode_UnseenBrand_ReturnsOverallRates()
    {
        var rates = BrandRates.Fit(["A", "B"], [s_notSensitive, s_all], strength: 5);

        float[] unseen = rates.Encode("C");

        Assert.Equal([1f, 1f, 1f, 1f, 0.5f], unseen);
    }

    [Fact]
    public void EncodeOutOfFold_OwnFlag_NotInOwnRate()
    {
        // One brand whose products alternate between sensitive and not. Encoded from the other folds only, a row's
        // value must not depend on its own flag, so flipping one row's flag leaves that row's value unchanged.
        string[] brands = [.. Enumerable.Repeat("A", 10)];
        bool[][] flags = [.. Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? s_all : s_notSensitive)];
        bool[][] flipped = [.. flags.Select((f, i) => i == 3 ? s_all : f)];

        float[][] before = BrandRates.EncodeOutOfFold(brands, flags, strength: 1, folds: 5, seed: 9);
        float[][] after = BrandRates.EncodeOutOfFold(brands, flipped, strength: 1, folds: 5, seed: 9);

        Assert.Equal(before[3], after[3]);
        Assert.Contains(Enumerable.Range(0, 10), i => before[i][4] != after[i][4]);
    }
}
