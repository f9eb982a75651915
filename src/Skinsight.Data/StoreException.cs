using Skinsight.Core;
using Skinsight.Core.Analysis;

namespace Skinsight.Data;

/// <summary>A store operation failed; the message is one line that names the value and what to do.</summary>
public class StoreException : InvalidInputException
{
    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A personal record was requested or written for a person id the store does not hold.</summary>
public sealed class PersonNotFoundException(Guid personId)
    : StoreException($"Person {personId} was not found in the store; create the person first or pass another id.")
{
    public Guid PersonId { get; } = personId;

    public override int StatusCode => 404;
}

/// <summary>An analysis id was not found among the analyses of the given person.</summary>
public sealed class AnalysisNotFoundException(Guid personId, Guid analysisId)
    : StoreException($"Analysis {analysisId} was not found among this person's analyses; pass the id of one of them.")
{
    public Guid PersonId { get; } = personId;

    public Guid AnalysisId { get; } = analysisId;

    public override int StatusCode => 404;
}

/// <summary>A plan id was not found among the plans of the given person.</summary>
public sealed class PlanNotFoundException(Guid personId, Guid planId)
    : StoreException($"Plan {planId} was not found among this person's plans; pass the id of one of them.")
{
    public Guid PersonId { get; } = personId;

    public Guid PlanId { get; } = planId;

    public override int StatusCode => 404;
}

/// <summary>An experiment cannot be created because its name is taken or another experiment is running.</summary>
public sealed class ExperimentConflictException(string message) : StoreException(message)
{
    public override int StatusCode => 409;
}

/// <summary>
/// A check-in would give a person a second value of one kind at the same time, which leaves that kind without a
/// trend, because the trend needs one value per time.
/// </summary>
public sealed class CheckInConflictException(string kind, DateTime measuredAt, AnalysisMode? mode = null)
    : StoreException(
        $"A stored check-in already has {kind}{ModeText(mode)} measured at "
        + $"{DateTime.SpecifyKind(measuredAt, DateTimeKind.Utc):O}, "
        + "and a second value at the same time would leave its trend without a verdict; "
        + "send this check-in with another time or without that value.")
{
    public string Kind { get; } = kind;

    public DateTime MeasuredAt { get; } = measuredAt;

    /// <summary>The photo mode of the clashing value, or null for a rating or sensor reading.</summary>
    public AnalysisMode? Mode { get; } = mode;

    public override int StatusCode => 409;

    private static string ModeText(AnalysisMode? mode) => mode switch
    {
        AnalysisMode.Face => " from a face photo",
        AnalysisMode.Closeup => " from a skin close-up",
        _ => "",
    };
}
