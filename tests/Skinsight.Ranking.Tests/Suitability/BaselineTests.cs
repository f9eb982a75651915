using Skinsight.Ranking.Suitability;

namespace Skinsight.Ranking.Tests.Suitability;

public class BaselineTests
{
    [Fact]
    public void MajorityFit_PerFlag_TakesCommonerClass()
    {
        bool[][] rows =
        [
            [true, false, true, false, true],
            [true, false, false, false, true],
            [false, true, false, false, true],
        ];

        MajorityBaseline majority = MajorityBaseline.Fit(rows);

        Assert.Equal([true, false, false, false, true], majority.Predict());
    }

    [Fact]
    public void Jaccard_TwoOverlappingSets_IsHalf()
    {
        HashSet<string> a = ["water", "glycerin", "urea"];
        HashSet<string> b = ["glycerin", "urea", "squalane"];

        Assert.Equal(0.5, NeighbourBaseline.Jaccard(a, b), 12);
    }

    [Fact]
    public void NeighbourPredict_KOne_CopiesClosestProduct()
    {
        var neighbour = new NeighbourBaseline(
            1,
            [["water", "glycerin"], ["alcohol", "salicylic acid", "water"]],
            [[false, true, true, false, true], [true, false, false, true, false]]);

        bool[] flags = neighbour.Predict(["salicylic acid", "alcohol", "menthol"]);

        Assert.Equal([true, false, false, true, false], flags);
    }

    [Fact]
    public void NeighbourPredict_UnknownIngredients_LowerSimilarity()
    {
        // Query {water, x, y}: row 0 {water} has Jaccard 1/3; row 1 {water, glycerin} has 1/4, so row 0 wins.
        var neighbour = new NeighbourBaseline(
            1,
            [["water"], ["glycerin", "water"]],
            [[true, true, true, true, true], [false, false, false, false, true]]);

        Assert.Equal([true, true, true, true, true], neighbour.Predict(["water", "x", "y"]));
    }

    [Fact]
    public void NeighbourFit_ClusteredData_ChoosesKAboveOne()
    {
        // Two tight groups of ten, each with one mislabelled member: one neighbour copies noise, more vote it down.
        List<string[]> ingredients = [];
        List<bool[]> flags = [];
        for (int i = 0; i < 20; i++)
        {
            bool groupA = i < 10;
            ingredients.Add(groupA ? ["water", "glycerin", "a" + (i % 3)] : ["alcohol", "salicylic acid", "b" + (i % 3)]);
            bool flag = groupA ^ (i is 0 or 10);
            flags.Add([flag, !flag, flag, !flag, flag]);
        }

        NeighbourBaseline fitted = NeighbourBaseline.Fit(ingredients, flags);

        Assert.True(fitted.K > 1, $"k = {fitted.K}");
        Assert.Equal(flags[1], fitted.Predict(["water", "glycerin"]));
    }
}
