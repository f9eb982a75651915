using Skinsight.Ranking.Suitability;

namespace Skinsight.Ranking.Tests.Suitability;

public class NearDuplicateRuleTests
{
    private static readonly bool[] AllFlags = [true, true, true, true, true];
    private static readonly bool[] NotSensitive = [true, true, true, true, false];

    [Fact]
    public void Nearest_TiedRows_ReturnsAllOfThem()
    {
        var neighbour = new NeighbourBaseline(
            1,
            [["a", "b", "c", "d"], ["a", "b", "c", "e"], ["x", "y", "z"]],
            [AllFlags, NotSensitive, AllFlags]);

        NearestRows nearest = neighbour.Nearest(["a", "b", "c"], NearDuplicateRule.MinIngredients);

        Assert.Equal([0, 1], nearest.Rows);
        Assert.Equal(0.75, nearest.Similarity, 12);
    }

    [Fact]
    public void Nearest_ShortLists_NeverMatch()
    {
        var neighbour = new NeighbourBaseline(1, [["a", "b"], ["a", "b", "c", "d", "e"]], [NotSensitive, AllFlags]);

        Assert.Equal([1], neighbour.Nearest(["a", "b", "c"], NearDuplicateRule.MinIngredients).Rows);
        Assert.Same(NearestRows.None, neighbour.Nearest(["a", "b"], NearDuplicateRule.MinIngredients));
    }

    [Fact]
    public void Apply_CloseMatch_ClearsMissingFlag()
    {
        var rule = new NearDuplicateRule(0.5);

        bool[] flags = rule.Apply(AllFlags, new NearestRows(0.6, [0]), [NotSensitive]);

        Assert.Equal(NotSensitive, flags);
        Assert.Equal([true, true, true, true, true], AllFlags);
    }

    [Theory]
    [InlineData(0.49, new[] { 0 })]
    [InlineData(0.9, new[] { 0, 1 })]
    public void Apply_FarMatchOrSplitVote_KeepsFlags(double similarity, int[] rows)
    {
        var rule = new NearDuplicateRule(0.5);

        bool[] flags = rule.Apply(AllFlags, new NearestRows(similarity, rows), [NotSensitive, AllFlags]);

        Assert.Equal(AllFlags, flags);
    }

    [Fact]
    public void Apply_NeverSetsAFlag()
    {
        var rule = new NearDuplicateRule(0.5);

        bool[] flags = rule.Apply(NotSensitive, new NearestRows(1.0, [0]), [AllFlags]);

        Assert.Equal(NotSensitive, flags);
    }

    [Fact]
    public void Choose_PairsShareMissingFlag_TurnsRuleOn()
    {
        // Twenty pairs of near-identical formulas (4 of 5 ingredients shared, Jaccard 0.67); pairs 0 to 5 both lack the
        // sensitive flag. Leave-one-out finds each such product's twin, so the rule clears 12 flags correctly.
        (List<string[]> ingredients, List<bool[]> flags) = Pairs(20, pairsLacking: 6, disagreeing: 0);
        var neighbour = new NeighbourBaseline(1, ingredients, flags);
        bool[][] majority = [.. flags.Select(_ => AllFlags)];

        NearDuplicateChoice choice = NearDuplicateRule.Choose(neighbour, flags, [majority, majority], margin: 0.001);

        Assert.Equal(0.6, choice.Rule.MinSimilarity);
        NearDuplicateCandidate chosen = choice.Candidates.Single(c => c.MinSimilarity == 0.6);
        Assert.Equal(12, chosen.FlagsCleared);
        Assert.All(chosen.Gains, g => Assert.True(g > 0.03, $"gain {g}"));
    }

    [Fact]
    public void Choose_TwinsDisagree_LeavesRuleOff()
    {
        // Every product without the flag has a twin with it, so copying the twin is always wrong.
        (List<string[]> ingredients, List<bool[]> flags) = Pairs(20, pairsLacking: 0, disagreeing: 6);
        var neighbour = new NeighbourBaseline(1, ingredients, flags);
        bool[][] majority = [.. flags.Select(_ => AllFlags)];

        NearDuplicateChoice choice = NearDuplicateRule.Choose(neighbour, flags, [majority], margin: 0.001);

        Assert.Null(choice.Rule.MinSimilarity);
        Assert.All(choice.Candidates, c => Assert.False(c.Passes));
    }

    [Fact]
    public void Choose_RowsNeverMatchThemselves()
    {
        // Unrelated formulas: without leave-one-out, each row would find itself at similarity 1 and copy its own flag.
        List<string[]> ingredients = [.. Enumerable.Range(0, 12).Select(i => new[] { $"a{i}", $"b{i}", $"c{i}" })];
        List<bool[]> flags = [.. Enumerable.Range(0, 12).Select(i => i < 4 ? NotSensitive : AllFlags)];
        var neighbour = new NeighbourBaseline(1, ingredients, flags);
        bool[][] majority = [.. flags.Select(_ => AllFlags)];

        NearDuplicateChoice choice = NearDuplicateRule.Choose(neighbour, flags, [majority], margin: 0.001);

        Assert.All(choice.Candidates, c => Assert.Equal(0, c.FlagsCleared));
        Assert.Null(choice.Rule.MinSimilarity);
    }

    private static (List<string[]> Ingredients, List<bool[]> Flags) Pairs(int pairs, int pairsLacking, int disagreeing)
    {
        List<string[]> ingredients = [];
        List<bool[]> flags = [];
        for (int p = 0; p < pairs; p++)
        {
            string[] shared = [$"p{p}a", $"p{p}b", $"p{p}c", $"p{p}d"];
            ingredients.Add([.. shared, $"p{p}x"]);
            ingredients.Add([.. shared, $"p{p}y"]);
            bool firstLacks = p < pairsLacking || p < disagreeing;
            bool secondLacks = p < pairsLacking;
            flags.Add(firstLacks ? NotSensitive : AllFlags);
            flags.Add(secondLacks ? NotSensitive : AllFlags);
        }

        return (ingredients, flags);
    }
}
