using Skinsight.Data.Entities;

namespace Skinsight.Application.Tracking;

/// <summary>One stored check-in as the API and the CLI's JSON output show it.</summary>
public sealed record CheckInView(
    Guid Id,
    DateTimeOffset Time,
    Guid? AnalysisId,
    double? PhotoQuality,
    IReadOnlyList<ValueView> Values,
    IReadOnlyList<StepUseInput> Steps)
{
    public static CheckInView From(CheckInRecord record) => new(
        record.Id,
        Utc(record.TakenAt),
        record.AnalysisId,
        record.PhotoQuality,
        record.Values
            .OrderBy(v => v.Source)
            .ThenBy(v => v.Kind, StringComparer.Ordinal)
            .Select(v => new ValueView(
                v.Source.ToString().ToLowerInvariant(), v.Kind, v.Value, v.Unit, v.Noise, Utc(v.MeasuredAt), PhotoSeries.ModeOf(v)))
            .ToList(),
        record.Steps
            .OrderBy(s => s.Routine, StringComparer.Ordinal)
            .ThenBy(s => s.StepIndex)
            .Select(s => new StepUseInput(s.PlanId, s.Routine, s.StepIndex, s.Used))
            .ToList());

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>One value of a check-in: a photo measure, a self-rating or a sensor reading.</summary>
/// <param name="Mode">
/// For a photo measure <c>face</c>, <c>closeup</c> or <c>unknown</c> (see <see cref="PhotoSeries"/>); null otherwise.
/// </param>
public sealed record ValueView(
    string Source, string Kind, double Value, string Unit, double? Noise, DateTimeOffset Time, string? Mode);
