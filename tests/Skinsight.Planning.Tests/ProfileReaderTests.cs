using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

public class ProfileReaderTests
{
    private const string Example = """
        {"age": 29, "skinType": "combination", "sensitive": true, "concerns": ["acne", "redness"],
         "pregnant": false, "allergies": ["fragrance"], "climate": {"humidity": "dry", "uvIndex": 7}, "budgetUsd": 120}
        """;

    [Fact]
    public void Parse_Example_ReadsEveryField()
    {
        SkinProfile profile = ProfileReader.Parse(Example);

        Assert.Equal(29, profile.Age);
        Assert.Equal(SkinType.Combination, profile.SkinType);
        Assert.True(profile.Sensitive);
        Assert.Equal(["acne", "redness"], profile.Concerns);
        Assert.False(profile.Pregnant);
        Assert.False(profile.Breastfeeding);
        Assert.Equal(["fragrance"], profile.Allergies);
        Assert.Equal(Humidity.Dry, profile.Climate.Humidity);
        Assert.Equal(7, profile.Climate.UvIndex);
        Assert.Equal(120m, profile.BudgetUsd);
    }

    [Fact]
    public void Parse_EmptyObject_UsesDefaults()
    {
        SkinProfile profile = ProfileReader.Parse("{}");

        Assert.Null(profile.Age);
        Assert.Equal(SkinType.Normal, profile.SkinType);
        Assert.Empty(profile.Concerns);
        Assert.Null(profile.BudgetUsd);
        Assert.Equal(Humidity.Moderate, profile.Climate.Humidity);
    }

    [Theory]
    [InlineData("OILY", SkinType.Oily)]
    [InlineData("Dry", SkinType.Dry)]
    [InlineData("combination", SkinType.Combination)]
    public void Parse_SkinTypeInAnyCase_Reads(string text, SkinType expected)
    {
        SkinProfile profile = ProfileReader.Parse($$$"""{"skinType": "{{{text}}}", "climate": {"humidity": "HUMID"}}""");

        Assert.Equal(expected, profile.SkinType);
        Assert.Equal(Humidity.Humid, profile.Climate.Humidity);
    }

    [Fact]
    public void Parse_UnknownField_NamesIt()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"age": 30, "skintone": "light"}"""));

        Assert.Equal("skintone", ex.Field);
        Assert.Contains("'skintone'", ex.Message);
    }

    [Fact]
    public void Parse_WrongCaseField_SuggestsName()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"SkinType": "dry"}"""));

        Assert.Contains("did you mean 'skinType'", ex.Message);
    }

    [Fact]
    public void Parse_UnknownClimateField_NamesPath()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"climate": {"uv": 3}}"""));

        Assert.Equal("climate.uv", ex.Field);
    }

    [Fact]
    public void Parse_AgeAsString_NamesFieldAndType()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"age": "old"}"""));

        Assert.Equal("age", ex.Field);
        Assert.Contains("expected an integer", ex.Message);
        Assert.Contains("\"old\"", ex.Message);
    }

    [Theory]
    [InlineData("""{"sensitive": "yes"}""", "sensitive")]
    [InlineData("""{"concerns": "acne"}""", "concerns")]
    [InlineData("""{"concerns": ["acne", 3]}""", "concerns[1]")]
    [InlineData("""{"climate": 7}""", "climate")]
    [InlineData("""{"climate": {"uvIndex": "high"}}""", "climate.uvIndex")]
    [InlineData("""{"budgetUsd": "120"}""", "budgetUsd")]
    [InlineData("""{"age": 29.5}""", "age")]
    [InlineData("""{"skinType": 2}""", "skinType")]
    public void Parse_WrongType_NamesField(string json, string field)
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.Equal(field, ex.Field);
        Assert.Contains("expected", ex.Message);
    }

    [Theory]
    [InlineData("""{"age": 121}""", "age")]
    [InlineData("""{"age": -1}""", "age")]
    [InlineData("""{"climate": {"uvIndex": 20.5}}""", "climate.uvIndex")]
    [InlineData("""{"climate": {"uvIndex": -1}}""", "climate.uvIndex")]
    [InlineData("""{"budgetUsd": -5}""", "budgetUsd")]
    public void Parse_OutOfRange_NamesField(string json, string field)
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.Equal(field, ex.Field);
        Assert.Contains("out of range", ex.Message);
    }

    [Theory]
    [InlineData("""{"age": 0, "climate": {"uvIndex": 0}, "budgetUsd": 0}""")]
    [InlineData("""{"age": 120, "climate": {"uvIndex": 20}, "budgetUsd": 5000}""")]
    public void Parse_RangeLimits_Accepted(string json)
    {
        SkinProfile profile = ProfileReader.Parse(json);

        Assert.NotNull(profile.Age);
        Assert.NotNull(profile.BudgetUsd);
    }

    [Fact]
    public void Parse_UnknownSkinType_ListsAllowedValues()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"skinType": "shiny"}"""));

        Assert.Equal("skinType", ex.Field);
        Assert.Contains("normal|dry|oily|combination", ex.Message);
    }

    [Fact]
    public void Parse_NumericEnumText_Rejected()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"skinType": "2"}"""));

        Assert.Equal("skinType", ex.Field);
    }

    [Fact]
    public void Parse_UnknownConcern_NamesIt()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"concerns": ["acne", "freckles"]}"""));

        Assert.Equal("concerns[1]", ex.Field);
        Assert.Contains("'freckles'", ex.Message);
    }

    [Fact]
    public void Parse_ConcernInOtherCase_Normalised()
    {
        SkinProfile profile = ProfileReader.Parse("""{"concerns": ["Dark-Spots", "dark-spots"]}""");

        Assert.Equal(["dark-spots"], profile.Concerns);
    }

    [Fact]
    public void Parse_DuplicateField_Rejected()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"age": 20, "age": 30}"""));

        Assert.Equal("age", ex.Field);
    }

    [Fact]
    public void Parse_NullAgeAndBudget_AreNull()
    {
        SkinProfile profile = ProfileReader.Parse("""{"age": null, "budgetUsd": null}""");

        Assert.Null(profile.Age);
        Assert.Null(profile.BudgetUsd);
    }

    [Theory]
    [InlineData("""{"age": 29,""")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public void Parse_NotAnObject_Rejected(string json)
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.Null(ex.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n")]
    public void Parse_EmptyText_ReportsEmptyProfile(string json)
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.StartsWith("The profile is empty.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("isFinalBlock", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrailingCommaAndComment_Read()
    {
        SkinProfile profile = ProfileReader.Parse("""
            {
              // hand-written
              "skinType": "dry",
              "concerns": ["acne",],
            }
            """);

        Assert.Equal(SkinType.Dry, profile.SkinType);
        Assert.Equal(["acne"], profile.Concerns);
    }

    [Theory]
    [InlineData("""{"age": "old"}""")]
    [InlineData("""{"age": 29,""")]
    [InlineData("""{"nope": 1}""")]
    public void Parse_Error_MessageIsOneLine(string json)
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
    }

    [Fact]
    public void Parse_MalformedJson_NamesLineAndPositionFromOneWithoutReaderInternals()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse("{\n  \"age\": x}"));

        Assert.Contains("at line 2, position 10", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allergies")]
    [InlineData("freeOf")]
    [InlineData("pastReactions")]
    public void Parse_TooManyNames_NamesFieldAndLimit(string field)
    {
        string json = NamesProfile(field, Enumerable.Range(0, ProfileReader.MaxNames + 1).Select(i => $"name{i}"));

        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.Equal(field, ex.Field);
        Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{ProfileReader.MaxNames + 1} names", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"limit of {ProfileReader.MaxNames}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allergies")]
    [InlineData("freeOf")]
    [InlineData("pastReactions")]
    public void Parse_NameTooLong_NamesEntryAndLimit(string field)
    {
        string json = NamesProfile(field, ["fragrance", new string('x', ProfileReader.MaxNameLength + 1)]);

        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.Equal($"{field}[1]", ex.Field);
        Assert.Contains($"limit of {ProfileReader.MaxNameLength}", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 400, $"message of {ex.Message.Length} characters quotes the whole name");
    }

    [Fact]
    public void Parse_MaxNamesOfMaxLength_Reads()
    {
        string[] names = [.. Enumerable.Range(0, ProfileReader.MaxNames)
            .Select(i => $"{i:D2}{new string('x', ProfileReader.MaxNameLength - 2)}")];
        string json = NamesProfile("allergies", names);

        SkinProfile profile = ProfileReader.Parse(json);

        Assert.Equal(names, profile.Allergies);
    }

    [Fact]
    public void Parse_PaddedMaxLengthName_Reads()
    {
        string name = new string(' ', 50) + new string('x', ProfileReader.MaxNameLength) + new string(' ', 50);

        SkinProfile profile = ProfileReader.Parse(NamesProfile("freeOf", [name]));

        Assert.Equal([name.Trim()], profile.FreeOf);
    }

    [Fact]
    public void Parse_LongUnknownConcern_QuotesShortenedText()
    {
        string json = NamesProfile("concerns", [new string('x', 100_000)]);

        var ex = Assert.Throws<ProfileException>(() => ProfileReader.Parse(json));

        Assert.True(ex.Message.Length < 400, $"message of {ex.Message.Length} characters quotes the whole concern");
    }

    private static string NamesProfile(string field, IEnumerable<string> names) =>
        $$"""{"{{field}}": {{System.Text.Json.JsonSerializer.Serialize(names)}}}""";
}
