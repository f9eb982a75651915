using System.Globalization;
using System.Text.Json;
using Skinsight.Core.Analysis;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning;

/// <summary>
/// Reads the profile JSON of <c>plan --profile</c> and <c>POST /api/plans</c> strictly: unknown fields, wrong
/// types and out-of-range values raise <see cref="ProfileException"/>. The schema is in <c>docs/profile.md</c>.
/// </summary>
public static class ProfileReader
{
    public const int MaxAge = 120;
    public const double MaxUvIndex = 20;

    public const double MaxSleepHours = 24;

    /// <summary>The maximum number of entries in one name list: <c>allergies</c>, <c>freeOf</c> or <c>pastReactions</c>.</summary>
    /// <remarks>
    /// Each name is matched against every ingredient of the catalog, so the lists bound the work of one plan. A group
    /// such as <c>fragrance</c> or <c>nuts</c> covers all its members, so a person rarely needs more than a few names.
    /// </remarks>
    public const int MaxNames = 50;

    /// <summary>The maximum length of one name in those lists, in characters after trimming.</summary>
    /// <remarks>
    /// 28,636 of the 28,712 INCI names in the EU CosIng inventory (99.7%) fit. Each of the 76 longer ones names a
    /// blend of several plant extracts or ferments in one entry, and a part of it, such as one plant, still matches.
    /// </remarks>
    public const int MaxNameLength = 200;

    private static readonly string[] s_rootFields =
    [
        "age", "skinType", "sensitive", "concerns", "pregnant", "breastfeeding", "allergies", "climate", "budgetUsd",
        "pastReactions", "freeOf", "lifestyle", "routineLength", "questionnaire",
    ];

    // People write profile files by hand, so a trailing comma or a comment is read rather than rejected with the
    // reader's advice to change its options, which a user cannot follow.
    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] s_climateFields = ["humidity", "uvIndex", "season"];

    private static readonly string[] s_lifestyleFields = ["sleepHours", "sunExposure", "smoking"];

    /// <summary>Parses one profile document.</summary>
    /// <exception cref="ProfileException">The JSON is malformed or a field is unknown, mistyped or out of range.</exception>
    public static SkinProfile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ProfileException("The profile is empty. Send a JSON object such as {\"skinType\": \"dry\"}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_documentOptions);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}" : "";
            // The reader appends its own zero-based "LineNumber: | BytePositionInLine:" to the reason; the
            // position is already given above, counted from 1.
            string reason = FirstLine(ex.Message);
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = cut < 0 ? reason : reason[..cut];
            throw new ProfileException($"Profile is not valid JSON{where}: {reason} Fix the syntax and retry.", null, ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ProfileException(
                    $"Profile must be a JSON object, got {Describe(root)}. Send an object such as {{\"skinType\": \"dry\"}}.");
            }

            return ReadProfile(root);
        }
    }

    private static SkinProfile ReadProfile(JsonElement root)
    {
        var profile = new SkinProfile();
        QuestionnaireResult? questionnaire = null;
        foreach (JsonProperty property in CheckedProperties(root, s_rootFields, ""))
        {
            JsonElement value = property.Value;
            if (property.Name == "questionnaire")
            {
                questionnaire = ReadQuestionnaire(value);
                continue;
            }

            profile = property.Name switch
            {
                "age" => profile with { Age = ReadAge(value) },
                "skinType" => profile with { SkinType = ReadEnum<SkinType>(value, "skinType") },
                "sensitive" => profile with { Sensitive = ReadBool(value, "sensitive") },
                "concerns" => profile with { Concerns = ReadConcerns(value) },
                "pregnant" => profile with { Pregnant = ReadBool(value, "pregnant") },
                "breastfeeding" => profile with { Breastfeeding = ReadBool(value, "breastfeeding") },
                "allergies" => profile with { Allergies = ReadAllergies(value) },
                "climate" => profile with { Climate = ReadClimate(value) },
                "budgetUsd" => profile with { BudgetUsd = ReadBudget(value) },
                "pastReactions" => profile with { PastReactions = ReadNames(value, "pastReactions") },
                "freeOf" => profile with { FreeOf = ReadNames(value, "freeOf") },
                "lifestyle" => profile with { Lifestyle = ReadLifestyle(value) },
                "routineLength" => profile with { RoutineLength = ReadEnum<RoutineLength>(value, "routineLength") },
                _ => throw new InvalidOperationException($"Field {property.Name} passed the check but has no reader."),
            };
        }

        return questionnaire is null ? profile : ApplyQuestionnaire(profile, questionnaire, root);
    }

    /// <summary>
    /// Fills the skin type and sensitivity from the questionnaire where the profile does not state them, and
    /// appends the concerns it implies after the listed ones.
    /// </summary>
    private static SkinProfile ApplyQuestionnaire(SkinProfile profile, QuestionnaireResult result, JsonElement root)
    {
        var concerns = profile.Concerns.ToList();
        var implied = result.Concerns.Where(c => !concerns.Contains(c)).ToList();
        concerns.AddRange(implied);
        return profile with
        {
            QuestionnaireConcerns = implied,
            Baumann = result.Baumann,
            SkinType = !root.TryGetProperty("skinType", out _) && result.SkinType is { } type ? type : profile.SkinType,
            Sensitive = !root.TryGetProperty("sensitive", out _) && result.Sensitive is { } sensitive ? sensitive : profile.Sensitive,
            Concerns = concerns,
        };
    }

    private static QuestionnaireResult ReadQuestionnaire(JsonElement value)
    {
        string example = "an object of answers from 1 to 4 such as {\"shineByMidday\": 3}";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType("questionnaire", example, value);
        }

        string[] ids = [.. Questionnaire.Questions.Select(q => q.Id)];
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty property in CheckedProperties(value, ids, "questionnaire."))
        {
            string path = "questionnaire." + property.Name;
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out int answer))
            {
                throw WrongType(path, $"an integer from {Questionnaire.MinAnswer} to {Questionnaire.MaxAnswer}", property.Value);
            }

            if (answer is < Questionnaire.MinAnswer or > Questionnaire.MaxAnswer)
            {
                throw OutOfRange(path, answer.ToString(CultureInfo.InvariantCulture),
                    $"{Questionnaire.MinAnswer} to {Questionnaire.MaxAnswer}");
            }

            answers[property.Name] = answer;
        }

        return Questionnaire.Score(answers);
    }

    private static Lifestyle ReadLifestyle(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType("lifestyle", "an object such as {\"sleepHours\": 7, \"sunExposure\": \"high\", \"smoking\": false}", value);
        }

        var lifestyle = new Lifestyle();
        foreach (JsonProperty property in CheckedProperties(value, s_lifestyleFields, "lifestyle."))
        {
            lifestyle = property.Name switch
            {
                "sleepHours" => lifestyle with
                {
                    SleepHours = property.Value.ValueKind == JsonValueKind.Null
                        ? null
                        : ReadNumber(property.Value, "lifestyle.sleepHours", 0, MaxSleepHours),
                },
                "sunExposure" => lifestyle with { SunExposure = ReadEnum<SunExposure>(property.Value, "lifestyle.sunExposure") },
                "smoking" => lifestyle with { Smoking = ReadBool(property.Value, "lifestyle.smoking") },
                _ => throw new InvalidOperationException($"Field {property.Name} passed the check but has no reader."),
            };
        }

        return lifestyle;
    }

    private static Climate ReadClimate(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType("climate", "an object such as {\"humidity\": \"dry\", \"uvIndex\": 7}", value);
        }

        var climate = new Climate();
        foreach (JsonProperty property in CheckedProperties(value, s_climateFields, "climate."))
        {
            climate = property.Name switch
            {
                "humidity" => climate with { Humidity = ReadEnum<Humidity>(property.Value, "climate.humidity") },
                "uvIndex" => climate with { UvIndex = ReadNumber(property.Value, "climate.uvIndex", 0, MaxUvIndex) },
                "season" => climate with
                {
                    Season = property.Value.ValueKind == JsonValueKind.Null ? null : ReadEnum<Season>(property.Value, "climate.season"),
                },
                _ => throw new InvalidOperationException($"Field {property.Name} passed the check but has no reader."),
            };
        }

        return climate;
    }

    /// <summary>Yields the object's properties after rejecting unknown and repeated names.</summary>
    private static IEnumerable<JsonProperty> CheckedProperties(JsonElement element, string[] known, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string path = prefix + property.Name;
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                string? hint = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                string advice = hint is null
                    ? $"Remove it; known fields are {string.Join(", ", known)}."
                    : $"Field names are case-sensitive; did you mean '{prefix}{hint}'?";
                throw new ProfileException($"Unknown profile field '{path}'. {advice}", path);
            }

            if (!seen.Add(property.Name))
            {
                throw new ProfileException($"Profile field '{path}' appears more than once. Keep one of them.", path);
            }

            yield return property;
        }
    }

    private static int? ReadAge(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int age))
        {
            throw WrongType("age", $"an integer from 0 to {MaxAge} or null", value);
        }

        if (age is < 0 or > MaxAge)
        {
            throw OutOfRange("age", age.ToString(CultureInfo.InvariantCulture), $"0 to {MaxAge}");
        }

        return age;
    }

    private static decimal? ReadBudget(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out decimal budget))
        {
            throw WrongType("budgetUsd", "a number of US dollars, 0 or more, or null for no limit", value);
        }

        if (budget < 0)
        {
            throw OutOfRange("budgetUsd", budget.ToString(CultureInfo.InvariantCulture), "0 or more");
        }

        return budget;
    }

    private static double ReadNumber(JsonElement value, string path, double min, double max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number))
        {
            throw WrongType(path, $"a number from {min} to {max}", value);
        }

        if (number < min || number > max)
        {
            throw OutOfRange(path, number.ToString(CultureInfo.InvariantCulture), $"{min} to {max}");
        }

        return number;
    }

    private static bool ReadBool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw WrongType(path, "true or false", value),
    };

    private static TEnum ReadEnum<TEnum>(JsonElement value, string path)
        where TEnum : struct, Enum
    {
        string allowed = string.Join("|", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(path, $"one of {allowed}", value);
        }

        string text = value.GetString()!;
        bool isName = text.Length > 0 && char.IsLetter(text[0]);
        if (!isName || !Enum.TryParse(text, ignoreCase: true, out TEnum parsed))
        {
            throw new ProfileException(
                $"Invalid profile field '{path}': '{Shorten(text)}' is not one of {allowed}. Use one of those values.", path);
        }

        return parsed;
    }

    private static IReadOnlyList<string> ReadConcerns(JsonElement value)
    {
        var concerns = new List<string>();
        foreach ((string text, string path) in ReadStrings(value, "concerns", "concern names"))
        {
            string? known = Concerns.All.FirstOrDefault(c => string.Equals(c, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                throw new ProfileException(
                    $"Invalid profile field '{path}': unknown concern '{Shorten(text)}'. Use one of {string.Join(", ", Concerns.All)}.", path);
            }

            if (!concerns.Contains(known))
            {
                concerns.Add(known);
            }
        }

        return concerns;
    }

    private static IReadOnlyList<string> ReadAllergies(JsonElement value) => ReadNames(value, "allergies");

    /// <summary>
    /// Reads a list of ingredient or group names, trimmed, without duplicates, of at most <see cref="MaxNames"/>
    /// entries of at most <see cref="MaxNameLength"/> characters each.
    /// </summary>
    private static IReadOnlyList<string> ReadNames(JsonElement value, string field)
    {
        int count = value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;
        if (count > MaxNames)
        {
            throw new ProfileException(
                $"Invalid profile field '{field}': it lists {count} names, more than the limit of {MaxNames}. "
                + "Keep the most important ones. A group such as fragrance or nuts covers all its members.", field);
        }

        var names = new List<string>();
        foreach ((string text, string path) in ReadStrings(value, field, "ingredient or group names"))
        {
            string trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                throw new ProfileException($"Invalid profile field '{path}': the name is empty. Remove it or name an ingredient.", path);
            }

            if (trimmed.Length > MaxNameLength)
            {
                throw new ProfileException(
                    $"Invalid profile field '{path}': the name \"{Shorten(trimmed)}\" has {trimmed.Length} characters, more than "
                    + $"the limit of {MaxNameLength}. Give one ingredient's name as printed on the label, or a group such as fragrance.",
                    path);
            }

            if (!names.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(trimmed);
            }
        }

        return names;
    }

    private static IEnumerable<(string Text, string Path)> ReadStrings(JsonElement value, string path, string what)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(path, $"an array of {what}", value);
        }

        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemPath = $"{path}[{index}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                throw WrongType(itemPath, "a string", item);
            }

            yield return (item.GetString()!, itemPath);
            index++;
        }
    }

    private static ProfileException WrongType(string path, string expected, JsonElement actual) =>
        new($"Invalid profile field '{path}': expected {expected}, got {Describe(actual)}. Fix the value and retry.", path);

    private static ProfileException OutOfRange(string path, string actual, string range) =>
        new($"Invalid profile field '{path}': {actual} is out of range {range}. Use a value in that range.", path);

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => element.ValueKind.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
