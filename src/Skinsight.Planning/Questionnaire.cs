using Skinsight.Core.Analysis;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning;

/// <summary>The four Baumann axes.</summary>
public enum BaumannAxis
{
    OilyDry,
    SensitiveResistant,
    PigmentedNonPigmented,
    WrinkleProneTight,
}

/// <summary>One questionnaire item, answered on a scale of 1 to 4.</summary>
/// <param name="Id">Field name in the profile's <c>questionnaire</c> object.</param>
/// <param name="Reversed">True when a high answer points to the axis' second pole (dry, resistant, ...).</param>
/// <param name="Answers">Labels of the answers 1 to 4, in order.</param>
public sealed record Question(string Id, BaumannAxis Axis, string Text, bool Reversed, IReadOnlyList<string> Answers);

/// <summary>What the questionnaire derives: the axis scores, the four-way skin type and the concerns it implies.</summary>
/// <param name="SkinType">Derived skin type, or null when no oily-dry question was answered.</param>
/// <param name="Sensitive">Derived sensitivity, or null when no sensitive-resistant question was answered.</param>
public sealed record QuestionnaireResult(
    BaumannType Baumann, SkinType? SkinType, bool? Sensitive, IReadOnlyList<string> Concerns);

/// <summary>
/// A twelve-item skin questionnaire in the manner of the Baumann skin-type system: three questions per axis,
/// each answered 1 to 4. The scoring is documented in <c>docs/profile.md</c>.
/// </summary>
public static class Questionnaire
{
    public const int MinAnswer = 1;
    public const int MaxAnswer = 4;

    /// <summary>Answer at or above which a single item counts as a clear "yes" for a derived concern or type.</summary>
    public const int ClearAnswer = 3;

    private static readonly string[] s_frequency = ["never", "rarely", "often", "almost always"];
    private static readonly string[] s_amount = ["none", "a little", "clearly", "a lot"];

    public static IReadOnlyList<Question> Questions { get; } =
    [
        new("shineByMidday", BaumannAxis.OilyDry,
            "By midday, with nothing applied since the morning, how shiny are your forehead and nose?", false, s_amount),
        new("tightAfterWashing", BaumannAxis.OilyDry,
            "An hour after washing your face, with nothing applied, how often does it feel tight?", true, s_frequency),
        new("flakyPatches", BaumannAxis.OilyDry,
            "How often do you see rough or flaking patches on your face?", true, s_frequency),

        new("stingingFromProducts", BaumannAxis.SensitiveResistant,
            "How often do skincare products sting, burn or itch on your face?", false, s_frequency),
        new("rednessOrFlushing", BaumannAxis.SensitiveResistant,
            "How often does your face flush or stay red after heat, exercise, spicy food or alcohol?", false, s_frequency),
        new("bumpsFromNewProducts", BaumannAxis.SensitiveResistant,
            "How often does a new product give you bumps, a rash or breakouts?", false, s_frequency),

        new("darkMarksAfterSpots", BaumannAxis.PigmentedNonPigmented,
            "How often does a spot, scratch or insect bite leave a dark mark that lasts for weeks?", false, s_frequency),
        new("frecklesOrSunSpots", BaumannAxis.PigmentedNonPigmented,
            "How many freckles, sun spots or patches of darker skin do you have on your face?", false, s_amount),
        new("darkensInSun", BaumannAxis.PigmentedNonPigmented,
            "After time in the sun without protection, how much does your skin darken (tan)?", false, s_amount),

        new("linesAtRest", BaumannAxis.WrinkleProneTight,
            "How many lines do you see on your face when it is at rest, not smiling or frowning?", false, s_amount),
        new("yearsInSunUnprotected", BaumannAxis.WrinkleProneTight,
            "How many years have you spent regularly in the sun without sunscreen?", false,
            ["none", "fewer than 5", "5 to 10", "more than 10"]),
        new("firmnessLoss", BaumannAxis.WrinkleProneTight,
            "When you gently pinch your cheek, how slowly does the skin spring back compared with a few years ago?",
            false, ["not slower", "a little slower", "clearly slower", "much slower"]),
    ];

    /// <summary>
    /// Scores the answers. Each answer a becomes (a - 1) / 3, or (4 - a) / 3 for a reversed item, and an axis
    /// score is the mean over its answered items.
    /// </summary>
    /// <exception cref="ArgumentException">An answer names an unknown question or lies outside 1 to 4.</exception>
    public static QuestionnaireResult Score(IReadOnlyDictionary<string, int> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        foreach ((string id, int answer) in answers)
        {
            if (!Questions.Any(q => q.Id == id))
            {
                throw new ArgumentException($"Unknown question '{id}'.", nameof(answers));
            }

            if (answer is < MinAnswer or > MaxAnswer)
            {
                throw new ArgumentException($"Answer {answer} to '{id}' is outside {MinAnswer} to {MaxAnswer}.", nameof(answers));
            }
        }

        var baumann = new BaumannType(
            AxisScore(answers, BaumannAxis.OilyDry),
            AxisScore(answers, BaumannAxis.SensitiveResistant),
            AxisScore(answers, BaumannAxis.PigmentedNonPigmented),
            AxisScore(answers, BaumannAxis.WrinkleProneTight));
        SkinType? skinType = DeriveSkinType(answers, baumann.Oily);
        return new QuestionnaireResult(baumann, skinType, baumann.Sensitive is null ? null : baumann.IsSensitive,
            DeriveConcerns(answers, baumann, skinType));
    }

    private static double? AxisScore(IReadOnlyDictionary<string, int> answers, BaumannAxis axis)
    {
        var scores = Questions
            .Where(q => q.Axis == axis && answers.ContainsKey(q.Id))
            .Select(q => Normalise(answers[q.Id], q.Reversed))
            .ToList();
        return scores.Count == 0 ? null : scores.Average();
    }

    private static double Normalise(int answer, bool reversed) =>
        reversed ? (double)(MaxAnswer - answer) / (MaxAnswer - MinAnswer) : (double)(answer - MinAnswer) / (MaxAnswer - MinAnswer);

    /// <summary>
    /// A shiny T-zone together with tight or flaking skin is combination skin. Otherwise an oily score of 2/3 or
    /// more is oily, 1/3 or less is dry and anything between is normal.
    /// </summary>
    private static SkinType? DeriveSkinType(IReadOnlyDictionary<string, int> answers, double? oily)
    {
        if (oily is not double score)
        {
            return null;
        }

        bool shinyTZone = answers.GetValueOrDefault("shineByMidday") >= ClearAnswer;
        bool drySigns = answers.GetValueOrDefault("tightAfterWashing") >= ClearAnswer
            || answers.GetValueOrDefault("flakyPatches") >= ClearAnswer;
        if (shinyTZone && drySigns)
        {
            return SkinType.Combination;
        }

        // A small tolerance keeps 2/3 and 1/3 themselves on the oily and dry side despite rounding.
        const double Tolerance = 1e-9;
        return score >= (2.0 / 3) - Tolerance ? SkinType.Oily
            : score <= (1.0 / 3) + Tolerance ? SkinType.Dry
            : SkinType.Normal;
    }

    private static List<string> DeriveConcerns(IReadOnlyDictionary<string, int> answers, BaumannType baumann, SkinType? skinType)
    {
        var concerns = new List<string>();
        if (skinType == SkinType.Oily)
        {
            concerns.Add(Concerns.Oiliness);
        }

        if (skinType == SkinType.Dry)
        {
            concerns.Add(Concerns.Dryness);
        }

        if (answers.GetValueOrDefault("rednessOrFlushing") >= ClearAnswer)
        {
            concerns.Add(Concerns.Redness);
        }

        if (baumann.IsPigmented)
        {
            concerns.Add(Concerns.DarkSpots);
        }

        if (baumann.IsWrinkleProne)
        {
            concerns.Add(Concerns.Wrinkles);
        }

        return concerns;
    }
}
