using Skinsight.Core.Analysis;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

/// <summary>The profile fields added with the questionnaire: answers, lifestyle, season, reactions and preferences.</summary>
public class ProfileQuestionnaireTests
{
    [Fact]
    public void Parse_QuestionnaireWithoutSkinType_DerivesTypeSensitivityAndConcerns()
    {
        SkinProfile profile = ProfileReader.Parse("""
            {"concerns": ["acne"], "questionnaire": {"shineByMidday": 4, "tightAfterWashing": 1, "flakyPatches": 1,
             "stingingFromProducts": 4, "rednessOrFlushing": 4, "bumpsFromNewProducts": 3}}
            """);

        Assert.Equal(SkinType.Oily, profile.SkinType);
        Assert.True(profile.Sensitive);
        Assert.Equal("OS??", profile.Baumann!.Code);
        Assert.Equal([Concerns.Acne, Concerns.Oiliness, Concerns.Redness], profile.Concerns);
        Assert.Equal([Concerns.Oiliness, Concerns.Redness], profile.QuestionnaireConcerns);
    }

    [Fact]
    public void Build_ListedConcerns_SourceProfileNoSeverity()
    {
        SkinProfile profile = ProfileReader.Parse("""{"concerns": ["acne", "redness"]}""");

        SkincarePlan plan = new RoutinePlanner(new FakeKnowledge()).Build(profile, null, TestProducts.Basic());

        Assert.Equal([Concerns.Acne, Concerns.Redness], plan.Concerns.Select(c => c.Concern));
        Assert.All(plan.Concerns, c => Assert.Equal("profile", c.Source));
        Assert.All(plan.Concerns, c => Assert.Null(c.Severity));
        Assert.All(plan.Pm.Where(s => s.Step == RoutineSteps.Treat), s => Assert.DoesNotContain("severity", s.Reason));
    }

    [Fact]
    public void Build_ConcernImpliedByQuestionnaire_LabelledQuestionnaire()
    {
        SkinProfile profile = ProfileReader.Parse("""
            {"concerns": ["acne"], "questionnaire": {"rednessOrFlushing": 4}}
            """);

        SkincarePlan plan = new RoutinePlanner(new FakeKnowledge()).Build(profile, null, TestProducts.Basic());

        Assert.Equal([Concerns.Acne, Concerns.Redness], plan.Concerns.Select(c => c.Concern));
        Assert.Equal(["profile", "questionnaire"], plan.Concerns.Select(c => c.Source));
        Assert.All(plan.Concerns, c => Assert.Null(c.Severity));
    }

    [Fact]
    public void Parse_ExplicitSkinTypeAndSensitive_WinOverQuestionnaire()
    {
        SkinProfile profile = ProfileReader.Parse("""
            {"skinType": "dry", "sensitive": false,
             "questionnaire": {"shineByMidday": 4, "tightAfterWashing": 1, "stingingFromProducts": 4}}
            """);

        Assert.Equal(SkinType.Dry, profile.SkinType);
        Assert.False(profile.Sensitive);
        Assert.Equal("OS??", profile.Baumann!.Code);
    }

    [Fact]
    public void Parse_AnswerOutOfRange_NamesQuestion()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"questionnaire": {"linesAtRest": 5}}"""));

        Assert.Equal("questionnaire.linesAtRest", ex.Field);
        Assert.Contains("1 to 4", ex.Message);
    }

    [Fact]
    public void Parse_UnknownQuestion_ListsKnownOnes()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"questionnaire": {"oilyByNoon": 2}}"""));

        Assert.Equal("questionnaire.oilyByNoon", ex.Field);
        Assert.Contains("shineByMidday", ex.Message);
    }

    [Fact]
    public void Parse_AnswerNotInteger_Rejected()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"questionnaire": {"linesAtRest": "often"}}"""));

        Assert.Equal("questionnaire.linesAtRest", ex.Field);
    }

    [Fact]
    public void Parse_LifestyleSeasonLengthReactionsFreeOf_Read()
    {
        SkinProfile profile = ProfileReader.Parse("""
            {"climate": {"humidity": "humid", "uvIndex": 9, "season": "Summer"},
             "lifestyle": {"sleepHours": 5.5, "sunExposure": "high", "smoking": true},
             "routineLength": "minimal", "pastReactions": ["Salicylic Acid", " salicylic acid "], "freeOf": ["parabens"]}
            """);

        Assert.Equal(Season.Summer, profile.Climate.Season);
        Assert.Equal(5.5, profile.Lifestyle.SleepHours);
        Assert.Equal(SunExposure.High, profile.Lifestyle.SunExposure);
        Assert.True(profile.Lifestyle.Smoking);
        Assert.Equal(RoutineLength.Minimal, profile.RoutineLength);
        Assert.Equal(["Salicylic Acid"], profile.PastReactions);
        Assert.Equal(["parabens"], profile.FreeOf);
    }

    [Theory]
    [InlineData("""{"lifestyle": {"sleepHours": 25}}""", "lifestyle.sleepHours")]
    [InlineData("""{"lifestyle": {"sunExposure": "always"}}""", "lifestyle.sunExposure")]
    [InlineData("""{"lifestyle": {"naps": 2}}""", "lifestyle.naps")]
    [InlineData("""{"climate": {"season": "monsoon"}}""", "climate.season")]
    [InlineData("""{"routineLength": "long"}""", "routineLength")]
    [InlineData("""{"freeOf": [""]}""", "freeOf[0]")]
    public void Parse_InvalidNewField_NamesField(string json, string field)
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Parse_OldProfile_KeepsDefaults()
    {
        SkinProfile profile = ProfileReader.Parse("""{"skinType": "dry", "concerns": ["wrinkles"]}""");

        Assert.Null(profile.Baumann);
        Assert.Equal(RoutineLength.Full, profile.RoutineLength);
        Assert.Equal(new Lifestyle(), profile.Lifestyle);
        Assert.Null(profile.Climate.Season);
        Assert.Empty(profile.PastReactions);
        Assert.Empty(profile.FreeOf);
    }
}
