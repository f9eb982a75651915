using System.Globalization;
using Skinsight.Core;
using Skinsight.Core.Profiles;
using Skinsight.Data;
using Skinsight.Data.Entities;
using Skinsight.Tracking.Trends;

namespace Skinsight.Application.Experiments;

/// <summary>Checks an <see cref="ExperimentRequest"/> and turns it into a record to store.</summary>
internal static class ExperimentValidation
{
    public const string Lower = "lower";
    public const string Higher = "higher";

    // Hypotheses share the length limit of product history notes.
    private const int MaxHypothesisLength = SkinsightContext.NoteMaxLength;

    public static ExperimentRecord ToRecord(ExperimentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireName(request.Name, "experiment name");
        string hypothesis = request.Hypothesis?.Trim() ?? "";
        if (hypothesis.Length == 0 || hypothesis.Length > MaxHypothesisLength)
        {
            throw new InvalidInputException(
                $"The hypothesis has {hypothesis.Length} characters; write one of 1 to {MaxHypothesisLength} characters.");
        }

        var arms = ValidateArms(request.Arms);
        string measure = request.Measure?.Trim() ?? "";
        if (!ExperimentService.Measures.Contains(measure, StringComparer.Ordinal))
        {
            throw new InvalidInputException(
                $"Measure '{request.Measure}' is unknown; use one of {string.Join(", ", ExperimentService.Measures)}.");
        }

        if (request.Looks is < 1 or > ExperimentService.MaxLooks)
        {
            throw new InvalidInputException(
                $"Looks {request.Looks} is out of range; use 1 to {ExperimentService.MaxLooks} looks.");
        }

        return new ExperimentRecord
        {
            Name = request.Name,
            Hypothesis = hypothesis,
            ArmsJson = StoreJson.Serialize(arms),
            Measure = measure,
            Better = ResolveBetter(request.Better, measure),
            PlannedPerArm = ResolvePlannedPerArm(request.PlannedPerArm, request.EffectSize),
            Looks = request.Looks,
        };
    }

    public static void RequireEffectSize(double effectSize)
    {
        // The sample size depends only on the size of the effect, so a negative d is rejected like any other value
        // outside the range the message names, rather than being read as its absolute value.
        if (!(effectSize is >= 0.01 and <= 10))
        {
            throw new InvalidInputException(
                $"Effect size {effectSize} is out of range; give Cohen's d between 0.01 and 10, such as 0.3.");
        }
    }

    /// <summary>Rejects a probability outside (0, 1), suggesting <paramref name="example"/> in the message.</summary>
    public static void RequireProbability(double value, string name, double example)
    {
        if (!(value > 0 && value < 1))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{name} {value} is out of range; give a value between 0 and 1, such as {example}."));
        }
    }

    private static List<ExperimentArm> ValidateArms(IReadOnlyList<ExperimentArm>? arms)
    {
        if (arms is null || arms.Count < 2)
        {
            throw new InvalidInputException(
                $"The experiment has {arms?.Count ?? 0} {(arms?.Count == 1 ? "variant" : "variants")}; give at least 2, the control first.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<ExperimentArm>();
        foreach (var arm in arms)
        {
            RequireName(arm.Name, "variant name");
            if (!names.Add(arm.Name))
            {
                throw new InvalidInputException($"Variant '{arm.Name}' appears twice; give each variant a distinct name.");
            }

            if (!double.IsFinite(arm.Weight) || arm.Weight <= 0)
            {
                throw new InvalidInputException(
                    $"Variant '{arm.Name}' has weight {arm.Weight}; give a positive weight such as 1.");
            }

            string? length = null;
            if (!string.IsNullOrWhiteSpace(arm.RoutineLength))
            {
                if (!Enum.TryParse<RoutineLength>(arm.RoutineLength, ignoreCase: true, out var parsed)
                    || !Enum.IsDefined(parsed) || int.TryParse(arm.RoutineLength, out _))
                {
                    throw new InvalidInputException(
                        $"Variant '{arm.Name}' has routine length '{arm.RoutineLength}'; use minimal, moderate or full.");
                }

                length = parsed.ToString().ToLowerInvariant();
            }

            valid.Add(arm with { RoutineLength = length });
        }

        return valid;
    }

    private static void RequireName(string? name, string what)
    {
        if (string.IsNullOrEmpty(name)
            || name.Length > SkinsightContext.ExperimentNameMaxLength
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new InvalidInputException(
                $"The {what} '{name}' is invalid; use 1 to {SkinsightContext.ExperimentNameMaxLength} lower-case letters, digits or hyphens.");
        }
    }

    private static string ResolveBetter(string? better, string measure)
    {
        string? given = better?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(given))
        {
            return ExperimentService.DefaultBetter(measure) switch
            {
                BetterDirection.Lower => Lower,
                BetterDirection.Higher => Higher,
                _ => throw new InvalidInputException(
                    $"Measure '{measure}' has no direction that counts as better; pass better as lower or higher."),
            };
        }

        return given is Lower or Higher
            ? given
            : throw new InvalidInputException($"Better '{better}' is invalid; use lower or higher.");
    }

    private static int ResolvePlannedPerArm(int? plannedPerArm, double? effectSize)
    {
        if (plannedPerArm is { } planned)
        {
            return planned is >= 2 and <= 1_000_000
                ? planned
                : throw new InvalidInputException(
                    $"Planned sample size {planned} per arm is out of range; use 2 to 1000000, or give an effect size instead.");
        }

        if (effectSize is { } d)
        {
            return ExperimentService.SampleSize(d).PerArm;
        }

        throw new InvalidInputException(
            "The experiment has neither a planned sample size per arm nor an effect size; give one of them.");
    }
}
