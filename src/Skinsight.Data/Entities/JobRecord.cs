namespace Skinsight.Data.Entities;

/// <summary>Where a background job is in its life.</summary>
/// <remarks>
/// A job that failed with an error worth retrying goes back to <see cref="Queued"/> with a later
/// <see cref="JobRecord.NotBefore"/>, so there is no separate waiting state.
/// </remarks>
public enum JobState
{
    /// <summary>Waiting for a worker, from <see cref="JobRecord.NotBefore"/> on.</summary>
    Queued,

    /// <summary>Claimed by the worker in <see cref="JobRecord.LeaseOwner"/> until the lease expires.</summary>
    Running,

    /// <summary>Done; <see cref="JobRecord.ResultId"/> names the stored result.</summary>
    Succeeded,

    /// <summary>Rejected for its input (not an image, no usable skin), which a retry would not change.</summary>
    Failed,

    /// <summary>Every attempt failed; the job waits for an operator to retry it.</summary>
    DeadLetter,
}

/// <summary>Why a job's last attempt failed, for clients that act on the kind rather than on the error text.</summary>
public enum JobFailureKind
{
    /// <summary>The photo decoded, but the quality gate rejected it. <see cref="JobRecord.RejectionJson"/> contains the reasons.</summary>
    PhotoRejected,

    /// <summary>Input the person must fix, such as an image that does not decode, a missing consent or an input that is gone.</summary>
    InvalidInput,

    /// <summary>An error of the service, such as an unreachable store or an expired lease, that a retry may clear.</summary>
    Error,
}

/// <summary>One background job of one person, claimed by workers of any app instance through a lease.</summary>
/// <remarks>
/// The input bytes are kept apart in <see cref="JobPayload"/>, encrypted under the owner's data key. The row
/// itself contains no personal data beyond the owner's id: <see cref="LastError"/> is a short message written by
/// the worker, never the input.
/// </remarks>
public sealed class JobRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>What the job does, one of <see cref="JobKinds"/>.</summary>
    public string Kind { get; set; } = "";

    public JobState State { get; set; }

    /// <summary>Claims so far, the running one included.</summary>
    public int Attempts { get; set; }

    /// <summary>Claims allowed before the job goes to <see cref="JobState.DeadLetter"/>.</summary>
    public int MaxAttempts { get; set; }

    /// <summary>Earliest time in UTC a worker may claim the job; later than creation while it waits for a retry.</summary>
    public DateTime NotBefore { get; set; }

    /// <summary>Id of the worker that claimed the job while it is running, or null.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Time in UTC after which another worker may reclaim a running job, or null.</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Time in UTC of the first claim, or null while the job has not run.</summary>
    public DateTime? StartedAt { get; set; }

    /// <summary>Time in UTC the job succeeded, failed or went to dead letter, or null.</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>The last attempt's error, without personal data, or null.</summary>
    public string? LastError { get; set; }

    /// <summary>The kind of the last failed attempt, or null until one fails and again once the job succeeds or is retried.</summary>
    public JobFailureKind? FailureKind { get; set; }

    /// <summary>
    /// The quality gate's report (score, issues and retake advice) serialised with <see cref="StoreJson.Options"/>
    /// when the failure is <see cref="JobFailureKind.PhotoRejected"/>, or null. It contains the gate's fixed codes
    /// and texts and a score, never the photo.
    /// </summary>
    public string? RejectionJson { get; set; }

    /// <summary>Id of the stored result (an analysis for <see cref="JobKinds.Analysis"/>) once the job succeeded.</summary>
    public Guid? ResultId { get; set; }
}

/// <summary>The job kinds workers run.</summary>
public static class JobKinds
{
    /// <summary>Analyses an uploaded photo and stores the analysis, like <c>POST /api/analyses</c>.</summary>
    public const string Analysis = "analysis";

    /// <summary>
    /// Runs the claim and completion path with a fixed placeholder analysis and no image work, so tests and
    /// operators can measure the queue itself. Its input may name a simulated work time in milliseconds (the
    /// first 4 bytes, little-endian). The API never creates this kind.
    /// </summary>
    public const string Probe = "probe";

    public static bool IsKnown(string kind) => kind is Analysis or Probe;
}
