namespace Skinsight.Data.Entities;

/// <summary>Whether one routine step of one stored plan was used since the previous check-in.</summary>
public sealed class CheckInStepRecord
{
    public long Id { get; set; }

    public Guid CheckInId { get; set; }

    public Guid PersonId { get; set; }

    public Guid PlanId { get; set; }

    /// <summary><c>am</c> or <c>pm</c>.</summary>
    public string Routine { get; set; } = "";

    /// <summary>Zero-based position of the step in its routine.</summary>
    public int StepIndex { get; set; }

    /// <summary>Share of the planned days the step was used, from 0 to 1.</summary>
    public double Used { get; set; }
}
