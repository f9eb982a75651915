using Skinsight.Core.Analysis;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>Questionnaire scoring checked against scores worked out by hand from the documented formula.</summary>
public class QuestionnaireTests
{
    private const double Precision = 1e-9;

    [Fact]
    public void Score_ShinyNeverTightNeverFlaky_OilyWithScoreOne()
    {
        // (4-1)/3 = 1; reversed (4-1)/3 = 1 twice; mean 1.
        var result = Questionnaire.Score(Answers(("shineByMidday", 4), ("tightAfterWashing", 1), ("flakyPatches", 1)));

        Assert.Equal(1.0, result.Baumann.Oily!.Value, Precision);
        Assert.Equal(SkinType.Oily, result.SkinType);
        Assert.Equal("O???", result.Baumann.Code);
        Assert.Equal([Concerns.Oiliness], result.Concerns);
    }

    [Fact]
    public void Score_MattTightSomewhatFlaky_DryWithScoreOneNinth()
    {
        // shine (1-1)/3 = 0, tight reversed (4-4)/3 = 0, flaky reversed (4-3)/3 = 1/3; mean 1/9.
        var result = Questionnaire.Score(Answers(("shineByMidday", 1), ("tightAfterWashing", 4), ("flakyPatches", 3)));

        Assert.Equal(1.0 / 9, result.Baumann.Oily!.Value, Precision);
        Assert.Equal(SkinType.Dry, result.SkinType);
        Assert.Equal('D', result.Baumann.Code[0]);
        Assert.Equal([Concerns.Dryness], result.Concerns);
    }

    [Fact]
    public void Score_ShinyAndTight_CombinationDespiteOilyScore()
    {
        // 2/3, 1/3, 1: mean 2/3 would be oily, but a shiny T-zone with tight skin is combination.
        var result = Questionnaire.Score(Answers(("shineByMidday", 3), ("tightAfterWashing", 3), ("flakyPatches", 1)));

        Assert.Equal(2.0 / 3, result.Baumann.Oily!.Value, Precision);
        Assert.Equal(SkinType.Combination, result.SkinType);
        Assert.Empty(result.Concerns);
    }

    [Fact]
    public void Score_MiddleAnswers_NormalWithOilyLetter()
    {
        // 1/3, reversed 2/3, reversed 2/3: mean 5/9, between 1/3 and 2/3 so normal, and above 0.5 so O.
        var result = Questionnaire.Score(Answers(("shineByMidday", 2), ("tightAfterWashing", 2), ("flakyPatches", 2)));

        Assert.Equal(5.0 / 9, result.Baumann.Oily!.Value, Precision);
        Assert.Equal(SkinType.Normal, result.SkinType);
        Assert.Equal('O', result.Baumann.Code[0]);
    }

    [Fact]
    public void Score_AllAxes_CodeAndConcernsFromEachAxis()
    {
        var result = Questionnaire.Score(Answers(
            ("shineByMidday", 2), ("tightAfterWashing", 2), ("flakyPatches", 2),
            ("stingingFromProducts", 3), ("rednessOrFlushing", 3), ("bumpsFromNewProducts", 1),
            ("darkMarksAfterSpots", 4), ("frecklesOrSunSpots", 2),
            ("linesAtRest", 2), ("yearsInSunUnprotected", 2), ("firmnessLoss", 1)));

        // Sensitive: 2/3, 2/3, 0 gives 4/9, under 0.5, so resistant; flushing at 3 still adds redness.
        Assert.Equal(4.0 / 9, result.Baumann.Sensitive!.Value, Precision);
        Assert.False(result.Sensitive);
        // Pigmented: 1 and 1/3 give 2/3 (the third item is unanswered).
        Assert.Equal(2.0 / 3, result.Baumann.Pigmented!.Value, Precision);
        // Wrinkle-prone: 1/3, 1/3, 0 give 2/9.
        Assert.Equal(2.0 / 9, result.Baumann.WrinkleProne!.Value, Precision);
        Assert.Equal("ORPT", result.Baumann.Code);
        Assert.Equal([Concerns.Redness, Concerns.DarkSpots], result.Concerns);
    }

    [Fact]
    public void Score_WrinkleProneAnswers_AddsWrinkles()
    {
        // 1, 1, 2/3: mean 8/9.
        var result = Questionnaire.Score(Answers(("linesAtRest", 4), ("yearsInSunUnprotected", 4), ("firmnessLoss", 3)));

        Assert.Equal(8.0 / 9, result.Baumann.WrinkleProne!.Value, Precision);
        Assert.Equal("???W", result.Baumann.Code);
        Assert.Null(result.SkinType);
        Assert.Null(result.Sensitive);
        Assert.Equal([Concerns.Wrinkles], result.Concerns);
    }

    [Fact]
    public void Score_SensitiveAnswers_Sensitive()
    {
        // 1, 2/3, 1/3: mean 2/3.
        var result = Questionnaire.Score(Answers(("stingingFromProducts", 4), ("rednessOrFlushing", 3), ("bumpsFromNewProducts", 2)));

        Assert.Equal(2.0 / 3, result.Baumann.Sensitive!.Value, Precision);
        Assert.True(result.Sensitive);
        Assert.Equal('S', result.Baumann.Code[1]);
    }

    [Theory]
    [InlineData("shineByMidday", 0)]
    [InlineData("shineByMidday", 5)]
    [InlineData("oilyByNoon", 2)]
    public void Score_InvalidAnswer_Throws(string question, int answer)
    {
        Assert.Throws<ArgumentException>(() => Questionnaire.Score(Answers((question, answer))));
    }

    [Fact]
    public void Questions_ThreePerAxisFourAnswersEach()
    {
        foreach (BaumannAxis axis in Enum.GetValues<BaumannAxis>())
        {
            Assert.Equal(3, Questionnaire.Questions.Count(q => q.Axis == axis));
        }

        Assert.All(Questionnaire.Questions, q => Assert.Equal(4, q.Answers.Count));
        Assert.Equal(Questionnaire.Questions.Count, Questionnaire.Questions.Select(q => q.Id).Distinct().Count());
    }

    private static Dictionary<string, int> Answers(params (string Id, int Answer)[] answers) =>
        answers.ToDictionary(a => a.Id, a => a.Answer);
}
