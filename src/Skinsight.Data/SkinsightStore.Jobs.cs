using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    // One statement claims the oldest claimable job: a queued job whose time has come, or a running job whose
    // lease expired because its worker stopped or stopped renewing the lease. The claim counts as an attempt, and a
    // reclaim records why the previous attempt ended. PostgreSQL locks the chosen row and skips rows other workers
    // hold, so concurrent claims never pick the same job. SQLite has one writer at a time, so the same statement
    // without the lock clause is already exclusive there.
    private const string ClaimSqlTemplate = """
        UPDATE jobs
        SET "State" = 'Running', "Attempts" = "Attempts" + 1, "LeaseOwner" = @worker,
            "LeaseExpiresAt" = @expires, "StartedAt" = COALESCE("StartedAt", @now),
            "LastError" = CASE WHEN "State" = 'Running' THEN @expired ELSE "LastError" END,
            "FailureKind" = CASE WHEN "State" = 'Running' THEN 'Error' ELSE "FailureKind" END
        WHERE "Id" = (
            SELECT "Id" FROM jobs
            WHERE ("State" = 'Queued' AND "NotBefore" <= @now)
               OR ("State" = 'Running' AND "LeaseExpiresAt" < @now AND "Attempts" < "MaxAttempts")
            ORDER BY "NotBefore", "Id"
            LIMIT 1{0})
        RETURNING "Id", "PersonId", "Kind", "Attempts", "MaxAttempts"
        """;

    /// <summary>
    /// The error recorded on a job whose lease expired. The worker renews the lease while the attempt runs, so an
    /// expired lease means that the worker stopped or could not reach the store for longer than the lease.
    /// </summary>
    public const string LeaseExpiredError =
        "The attempt ran past its lease (serve --job-lease) without renewing it, or its worker stopped; check the "
        + "worker's log, and raise --job-lease if the store responds slowly.";

    private static readonly string s_claimSqlite = string.Format(null, ClaimSqlTemplate, "");
    private static readonly string s_claimPostgres = string.Format(null, ClaimSqlTemplate, " FOR UPDATE SKIP LOCKED");

    /// <summary>Queues a job of <paramref name="personId"/> with its input, which is encrypted under the person's key.</summary>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<JobRecord> AddJobAsync(
        Guid personId,
        string kind,
        ReadOnlyMemory<byte> payload,
        int maxAttempts,
        CancellationToken cancellationToken = default)
    {
        if (!JobKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Unknown job kind '{kind}'.", nameof(kind));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAttempts);
        await using var context = CreateContext();
        await EnsurePersonExistsAsync(context, personId, cancellationToken);

        var now = DateTime.UtcNow;
        var job = new JobRecord
        {
            Id = Guid.CreateVersion7(),
            PersonId = personId,
            Kind = kind,
            State = JobState.Queued,
            MaxAttempts = maxAttempts,
            NotBefore = now,
            CreatedAt = now,
        };
        context.Jobs.Add(job);
        context.JobPayloads.Add(new JobPayload
        {
            JobId = job.Id,
            PersonId = personId,
            Content = payload.ToArray(),
            KeyId = personId.ToString("N"),
            Length = payload.Length,
        });
        await SaveAsync(context, cancellationToken);
        return job;
    }

    /// <summary>
    /// Claims the oldest job that is due, or a running job whose lease expired, for <paramref name="workerId"/>
    /// until <paramref name="lease"/> from now. Running jobs whose lease expired on their last attempt go to
    /// <see cref="JobState.DeadLetter"/> first.
    /// </summary>
    /// <returns>The claim, or null when no job is due.</returns>
    public async Task<JobClaim?> ClaimJobAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = DateTime.UtcNow;
        await using var context = CreateContext();
        await DeadLetterAbandonedAsync(context, now, cancellationToken);

        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Spec.Provider == StoreProvider.Postgres ? s_claimPostgres : s_claimSqlite;
        AddParameter(command, "worker", workerId);
        AddParameter(command, "expires", now + lease);
        AddParameter(command, "now", now);
        AddParameter(command, "expired", LeaseExpiredError);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new JobClaim(
            reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), workerId);
    }

    /// <summary>
    /// Stores <paramref name="analysis"/> as the result of a claimed job and marks the job succeeded, in one
    /// transaction that first checks the claim still holds. The job's payload is deleted in the same transaction.
    /// </summary>
    /// <param name="photo">The photo to keep with the analysis, or null when the person does not let photos be kept.</param>
    /// <param name="photoNeedsConsent">As for <see cref="AddAnalysisAsync"/>.</param>
    /// <returns>The new analysis id, or null when another worker reclaimed the job, in which case nothing is stored.</returns>
    public async Task<Guid?> CompleteAnalysisJobAsync(
        JobClaim claim,
        SkinAnalysis analysis,
        ReadOnlyMemory<byte>? photo,
        CancellationToken cancellationToken = default,
        bool photoNeedsConsent = false)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(analysis);
        var resultId = Guid.CreateVersion7();
        await using var context = CreateContext();
        await using var transaction = await BeginWriteAsync(context, cancellationToken);

        // The fenced update runs first: on PostgreSQL it locks the job row, so a worker that tries to reclaim
        // the job skips it until this transaction ends, and then finds it succeeded.
        int fenced = await Fenced(context, claim).ExecuteUpdateAsync(job => job
            .SetProperty(j => j.State, JobState.Succeeded)
            .SetProperty(j => j.ResultId, resultId)
            .SetProperty(j => j.CompletedAt, DateTime.UtcNow)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.LastError, (string?)null)
            .SetProperty(j => j.FailureKind, (JobFailureKind?)null)
            .SetProperty(j => j.RejectionJson, (string?)null), cancellationToken);
        if (fenced == 0)
        {
            return null;
        }

        await LockPersonForPhotoAsync(context, claim.PersonId, cancellationToken);
        (photo, analysis) = await KeepPhotoIfConsentedAsync(
            context, claim.PersonId, photo, analysis, photoNeedsConsent, cancellationToken);
        var record = NewAnalysisRecord(claim.PersonId, analysis, photo, resultId);
        context.Analyses.Add(record);
        await SaveAsync(context, cancellationToken);
        await context.JobPayloads.Where(p => p.JobId == claim.JobId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record.Id;
    }

    /// <summary>
    /// Records a failed attempt of a claimed job. An error that is not <paramref name="retryable"/> fails the
    /// job at once. A retryable one queues the job again after <paramref name="retryDelay"/>, or sends it to
    /// <see cref="JobState.DeadLetter"/> when it was the last attempt.
    /// </summary>
    /// <param name="kind">The kind of failure; a retryable error is always <see cref="JobFailureKind.Error"/>.</param>
    /// <param name="rejection">The quality gate's report, required for <see cref="JobFailureKind.PhotoRejected"/>.</param>
    /// <returns>The job's new state, or null when another worker reclaimed the job and nothing changed.</returns>
    public async Task<JobState?> FailJobAsync(
        JobClaim claim,
        string error,
        bool retryable,
        TimeSpan retryDelay,
        CancellationToken cancellationToken = default,
        JobFailureKind kind = JobFailureKind.Error,
        QualityReport? rejection = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        if (retryable && kind != JobFailureKind.Error)
        {
            throw new ArgumentException($"A retryable failure is of kind {JobFailureKind.Error}, not {kind}.", nameof(kind));
        }

        if ((kind == JobFailureKind.PhotoRejected) != (rejection is not null))
        {
            throw new ArgumentException("A quality report is required for a photo-rejected failure and invalid for any other kind.", nameof(rejection));
        }

        string? rejectionJson = rejection is null ? null : StoreJson.Serialize(rejection);
        var now = DateTime.UtcNow;
        string message = error.Length <= SkinsightContext.JobErrorMaxLength
            ? error
            : error[..(SkinsightContext.JobErrorMaxLength - 3)] + "...";
        JobState state = !retryable ? JobState.Failed
            : claim.Attempt >= claim.MaxAttempts ? JobState.DeadLetter
            : JobState.Queued;

        await using var context = CreateContext();
        await using var transaction = await BeginWriteAsync(context, cancellationToken);
        int fenced = await Fenced(context, claim).ExecuteUpdateAsync(job => job
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.LastError, message)
            .SetProperty(j => j.FailureKind, kind)
            .SetProperty(j => j.RejectionJson, rejectionJson)
            .SetProperty(j => j.NotBefore, state == JobState.Queued ? now + retryDelay : now)
            .SetProperty(j => j.CompletedAt, state == JobState.Queued ? null : now)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        if (fenced == 0)
        {
            return null;
        }

        // A failed job is over, so its photo is deleted. A dead-letter job keeps it for an operator's retry.
        if (state == JobState.Failed)
        {
            await context.JobPayloads.Where(p => p.JobId == claim.JobId).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return state;
    }

    /// <summary>
    /// Extends the lease of a claimed job to <paramref name="lease"/> from now, for a worker whose attempt is still
    /// running. The update is fenced like completion, so a worker whose lease expired and whose job another worker
    /// reclaimed cannot take it back.
    /// </summary>
    /// <returns>True when the lease was extended, false when another worker has reclaimed the job or it ended.</returns>
    public async Task<bool> RenewJobLeaseAsync(JobClaim claim, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        await using var context = CreateContext();
        int renewed = await Fenced(context, claim).ExecuteUpdateAsync(job => job
            .SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow + lease), cancellationToken);
        return renewed > 0;
    }

    /// <summary>
    /// Puts a claimed job back in the queue without counting the attempt, for a worker that stops before it
    /// finishes. Returns false when another worker reclaimed the job.
    /// </summary>
    public async Task<bool> ReleaseJobAsync(JobClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var context = CreateContext();
        int released = await Fenced(context, claim).ExecuteUpdateAsync(job => job
            .SetProperty(j => j.State, JobState.Queued)
            .SetProperty(j => j.Attempts, j => j.Attempts - 1)
            .SetProperty(j => j.NotBefore, DateTime.UtcNow)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        return released > 0;
    }

    /// <summary>Returns the decrypted input of a job of <paramref name="personId"/>, or null when it is gone.</summary>
    public async Task<byte[]?> LoadJobPayloadAsync(Guid personId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var payload = await context.JobPayloads
            .AsNoTracking()
            .SingleOrDefaultAsync(p => p.PersonId == personId && p.JobId == jobId, cancellationToken);
        return payload?.Content;
    }

    /// <summary>Returns one job of <paramref name="personId"/>, or null when that person has no such job.</summary>
    public async Task<JobRecord?> FindJobAsync(Guid personId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Jobs
            .AsNoTracking()
            .SingleOrDefaultAsync(j => j.PersonId == personId && j.Id == jobId, cancellationToken);
    }

    /// <summary>Lists the jobs of <paramref name="personId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<JobRecord>> ListJobsAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Jobs
            .AsNoTracking()
            .Where(j => j.PersonId == personId)
            .OrderBy(j => j.CreatedAt)
            .ThenBy(j => j.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Lists the kept job inputs of <paramref name="personId"/>, decrypted.</summary>
    public async Task<IReadOnlyList<JobPayload>> ListJobPayloadsAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.JobPayloads
            .AsNoTracking()
            .Where(p => p.PersonId == personId)
            .OrderBy(p => p.JobId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Lists everyone's jobs, newest first, for operators: ids, states and errors, never the inputs.</summary>
    /// <param name="state">Only jobs in this state, or null for all.</param>
    public async Task<IReadOnlyList<JobRecord>> ListJobsForOperatorAsync(
        JobState? state,
        int limit = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = CreateContext();
        var jobs = context.Jobs.AsNoTracking();
        if (state is { } wanted)
        {
            jobs = jobs.Where(j => j.State == wanted);
        }

        return await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Returns any person's job by id, for operators, or null when there is none.</summary>
    public async Task<JobRecord?> FindJobForOperatorAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    /// <summary>Counts everyone's jobs by state.</summary>
    public async Task<IReadOnlyDictionary<JobState, int>> CountJobsByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var counts = await context.Jobs
            .GroupBy(j => j.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.State, c => c.Count);
    }

    /// <summary>
    /// Queues a dead-letter job again with its attempts reset and its last error cleared, for an operator. Only
    /// dead-letter jobs can be retried, because a failed job's input is deleted and its error would repeat.
    /// </summary>
    public async Task<JobRetryResult> RetryJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        int retried = await context.Jobs
            .Where(j => j.Id == jobId && j.State == JobState.DeadLetter)
            .ExecuteUpdateAsync(job => job
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.Attempts, 0)
                .SetProperty(j => j.NotBefore, DateTime.UtcNow)
                .SetProperty(j => j.CompletedAt, (DateTime?)null)
                .SetProperty(j => j.LastError, (string?)null)
                .SetProperty(j => j.FailureKind, (JobFailureKind?)null)
                .SetProperty(j => j.RejectionJson, (string?)null), cancellationToken);
        if (retried > 0)
        {
            return JobRetryResult.Queued;
        }

        return await context.Jobs.AnyAsync(j => j.Id == jobId, cancellationToken)
            ? JobRetryResult.NotDeadLetter
            : JobRetryResult.NotFound;
    }

    private static IQueryable<JobRecord> Fenced(SkinsightContext context, JobClaim claim) =>
        context.Jobs.Where(j => j.Id == claim.JobId
            && j.State == JobState.Running
            && j.LeaseOwner == claim.WorkerId
            && j.Attempts == claim.Attempt);

    private static async Task DeadLetterAbandonedAsync(SkinsightContext context, DateTime now, CancellationToken cancellationToken)
    {
        await context.Jobs
            .Where(j => j.State == JobState.Running && j.LeaseExpiresAt < now && j.Attempts >= j.MaxAttempts)
            .ExecuteUpdateAsync(job => job
                .SetProperty(j => j.State, JobState.DeadLetter)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.LastError, LeaseExpiredError)
                .SetProperty(j => j.FailureKind, JobFailureKind.Error)
                .SetProperty(j => j.RejectionJson, (string?)null),
                cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>A worker's hold on one job: the job, its owner and kind, and the attempt the claim started.</summary>
/// <param name="Attempt">The job's attempt count after this claim; completion checks it with the worker id.</param>
public sealed record JobClaim(Guid JobId, Guid PersonId, string Kind, int Attempt, int MaxAttempts, string WorkerId);

/// <summary>What an operator's retry of a job did.</summary>
public enum JobRetryResult
{
    Queued,
    NotFound,
    NotDeadLetter,
}
