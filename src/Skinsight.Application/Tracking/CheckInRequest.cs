namespace Skinsight.Application.Tracking;

/// <summary>A check-in as a client sends it; the photo, when there is one, travels separately.</summary>
/// <param name="Time">When the check-in describes the skin; null for now. It may not lie in the future.</param>
/// <param name="Ratings">Self-ratings from 0 to 10 keyed by name (dryness, oiliness, irritation, satisfaction).</param>
/// <param name="Readings">Sensor and wearable readings, each with its own unit and optional time.</param>
/// <param name="Steps">Routine steps of stored plans and how much each was used since the previous check-in.</param>
public sealed record CheckInRequest(
    DateTimeOffset? Time = null,
    IReadOnlyDictionary<string, double>? Ratings = null,
    IReadOnlyList<ReadingInput>? Readings = null,
    IReadOnlyList<StepUseInput>? Steps = null);

/// <summary>One sensor reading, e.g. hydration 42 AU.</summary>
/// <param name="Time">When it was measured; null for the check-in's time.</param>
public sealed record ReadingInput(string Kind, double Value, string Unit, DateTimeOffset? Time = null);

/// <summary>Use of one step of a stored plan since the previous check-in.</summary>
/// <param name="Routine"><c>am</c> or <c>pm</c>.</param>
/// <param name="Step">Zero-based position of the step in that routine.</param>
/// <param name="Used">Share of the planned days the step was used, 0 to 1; 1 when omitted.</param>
public sealed record StepUseInput(Guid PlanId, string Routine, int Step, double Used = 1);

/// <summary>Reads a <see cref="CheckInRequest"/> from JSON, rejecting unknown fields so that typos are not lost silently.</summary>
public static class CheckInJson
{
    private static readonly System.Text.Json.JsonSerializerOptions s_options = CreateOptions();

    /// <exception cref="Skinsight.Tracking.TrackingException">The JSON is malformed, null or has unknown fields.</exception>
    public static CheckInRequest Parse(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<CheckInRequest>(json, s_options)
                ?? throw new Skinsight.Tracking.TrackingException("The check-in JSON is null; send an object such as {\"ratings\": {\"dryness\": 4}}.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new Skinsight.Tracking.TrackingException(Describe(ex), ex);
        }
    }

    // The serializer's messages name .NET types and stop making sense when shortened, so each kind of failure
    // gets its own message in the check-in's terms.
    private static string Describe(System.Text.Json.JsonException ex)
    {
        const string Example = "{\"ratings\": {\"dryness\": 4}}";
        string field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "";
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = System.Text.RegularExpressions.Regex.Match(ex.Message, "property '([^']*)'");
            string unknown = name.Success ? name.Groups[1].Value : field;
            return $"The check-in JSON has an unknown field '{unknown}'; send only the fields time, ratings, readings and steps.";
        }

        if (ex.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return $"The check-in JSON has the field '{field}' more than once; send each field once.";
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field.Length == 0
                ? $"The check-in JSON must be an object such as {Example}."
                : $"The check-in field '{field}' has a value of the wrong type; ratings are numbers from 0 to 10, "
                    + "time is an ISO 8601 date and time, readings and steps are lists of objects.";
        }

        string at = ex.LineNumber is long line ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}" : "";
        return $"The check-in is not valid JSON{at}; fix the syntax and send an object such as {Example}.";
    }

    private static System.Text.Json.JsonSerializerOptions CreateOptions()
    {
        var options = new System.Text.Json.JsonSerializerOptions
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            // With duplicates allowed, {"dryness": 4, "dryness": 9} would silently store the last value.
            AllowDuplicateProperties = false,
            PropertyNameCaseInsensitive = true,
        };
        Skinsight.Core.Serialization.SkinsightJson.Configure(options);
        return options;
    }
}
