using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Skinsight.Core.Plans;
using Skinsight.Tracking.CheckIns;

namespace Skinsight.Application.Tracking;

/// <summary>One plan adjustment rule as data: when it fires, what it advises, and the message shown.</summary>
/// <param name="Trigger">
/// <c>irritation-rating</c> (newest irritation rating at least <paramref name="MinRating"/>),
/// <c>irritation-worsening</c>, <c>no-improvement-after-review</c>, <c>improving</c> or <c>before-review</c>.
/// </param>
/// <param name="Message">Text with placeholders {routine}, {step}, {ingredients}, {rating}, {measures}, {reviewDate}.</param>
public sealed record AdjustmentRule(string Id, string Trigger, string Action, string Message, double? MinRating = null);

/// <summary>
/// Turns a person's trends into plan advice by rules held as data (<c>adjustment-rules.json</c>). Each step of the
/// newest plan gets the advice of the first rule that fires for it.
/// </summary>
/// <param name="ReviewAfterDays">Days after the plan was made before lack of improvement leads to a swap.</param>
/// <param name="ConcernMeasures">Which dashboard measures show progress on each concern a step serves.</param>
public sealed record AdjustmentRules(
    int ReviewAfterDays,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ConcernMeasures,
    IReadOnlyList<AdjustmentRule> Rules)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The rules shipped with Skinsight.</summary>
    public static AdjustmentRules Default { get; } = LoadEmbedded();

    /// <summary>
    /// Returns the advice for each step of <paramref name="plan"/>, and before the review date one plan-wide note to
    /// keep the plan unless a step is advised to change.
    /// </summary>
    public IReadOnlyList<PlanAdvice> Advise(
        Guid planId,
        DateTime planCreatedAt,
        SkincarePlan plan,
        IReadOnlyList<MeasureProgress> measures,
        DateTimeOffset now)
    {
        var context = new AdviceContext(
            planId,
            new DateTimeOffset(DateTime.SpecifyKind(planCreatedAt, DateTimeKind.Utc)).AddDays(ReviewAfterDays),
            now,
            measures.ToLookup(m => m.Kind, StringComparer.Ordinal));
        var advice = new List<PlanAdvice>();
        foreach (var (routineName, routine) in new[] { ("am", plan.Am), ("pm", plan.Pm) })
        {
            for (int index = 0; index < routine.Count; index++)
            {
                if (AdviseStep(context, routineName, index, routine[index]) is { } stepAdvice)
                {
                    advice.Add(stepAdvice);
                }
            }
        }

        // The plan-wide note advises keeping the plan, so it would contradict any step advice to change it.
        if (now < context.ReviewDate
            && Rules.FirstOrDefault(r => r.Trigger == "before-review") is { } waitRule
            && advice.All(a => a.Action == waitRule.Action))
        {
            advice.Add(new PlanAdvice(waitRule.Id, waitRule.Action, planId, null, null,
                Fill(waitRule.Message, context, null, null, null, null)));
        }

        return advice;
    }

    // NOTE: the trends judged here span every check-in of the measure, including those from before the plan was
    // made, so a change that happened before the plan can still count as progress under it.
    // A photo measure can have a face series and a close-up series, and each is judged as a measure of its own.
    private PlanAdvice? AdviseStep(AdviceContext context, string routine, int index, RoutineStep step)
    {
        var stepMeasures = step.Concerns
            .SelectMany(c => ConcernMeasures.GetValueOrDefault(c) ?? [])
            .Distinct(StringComparer.Ordinal)
            .SelectMany(m => context.Measures[m])
            .Where(m => m.Trend is not null)
            .ToList();
        var irritation = context.Measures[ValueKinds.Irritation].FirstOrDefault();
        double? rating = irritation?.Points.LastOrDefault()?.Value;
        bool hasActives = step.Ingredients.Count > 0 && step.Step == "treat";

        foreach (var rule in Rules)
        {
            bool fires = rule.Trigger switch
            {
                "irritation-rating" => hasActives && rating >= rule.MinRating,
                "irritation-worsening" => hasActives && irritation?.Trend?.Verdict == "worsening",
                "no-improvement-after-review" => context.Now >= context.ReviewDate
                    && stepMeasures.Count > 0
                    && stepMeasures.All(m => m.Trend!.Verdict != "improving"),
                "improving" => stepMeasures.Any(m => m.Trend!.Verdict == "improving"),
                _ => false,
            };
            if (fires)
            {
                var named = rule.Trigger == "improving"
                    ? stepMeasures.Where(m => m.Trend!.Verdict == "improving").ToList()
                    : stepMeasures;
                return new PlanAdvice(rule.Id, rule.Action, context.PlanId, routine, index,
                    Fill(rule.Message, context, routine, step, rating, named));
            }
        }

        return null;
    }

    private static string Fill(
        string template, AdviceContext context, string? routine, RoutineStep? step, double? rating,
        IReadOnlyList<MeasureProgress>? measures)
    {
        string ingredients = step is null || step.Ingredients.Count == 0 ? "no key ingredient" : string.Join(", ", step.Ingredients);
        string measureNames = measures is null || measures.Count == 0 ? "its measures" : string.Join(", ", measures.Select(m => m.Label));
        return template
            .Replace("{routine}", routine ?? "", StringComparison.Ordinal)
            .Replace("{step}", step?.Step ?? "", StringComparison.Ordinal)
            .Replace("{ingredients}", ingredients, StringComparison.Ordinal)
            .Replace("{rating}", rating?.ToString("0.#", CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal)
            .Replace("{measures}", measureNames, StringComparison.Ordinal)
            .Replace("{reviewDate}", context.ReviewDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>Reads rules from JSON in the shape of <c>adjustment-rules.json</c>.</summary>
    /// <exception cref="JsonException">The JSON is malformed or has unknown members.</exception>
    public static AdjustmentRules Parse(string json)
    {
        var rules = JsonSerializer.Deserialize<AdjustmentRules>(json, s_json)
            ?? throw new JsonException("The adjustment rules are null.");
        ArgumentOutOfRangeException.ThrowIfNegative(rules.ReviewAfterDays);
        return rules;
    }

    private static AdjustmentRules LoadEmbedded()
    {
        using var stream = typeof(AdjustmentRules).Assembly.GetManifestResourceStream("Skinsight.Application.Tracking.adjustment-rules.json")
            ?? throw new InvalidOperationException("The embedded adjustment-rules.json is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed record AdviceContext(
        Guid PlanId,
        DateTimeOffset ReviewDate,
        DateTimeOffset Now,
        ILookup<string, MeasureProgress> Measures);
}
