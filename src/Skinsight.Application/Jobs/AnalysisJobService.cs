using Skinsight.Application.Analyses;
using Skinsight.Application.Ports;
using Skinsight.Application.Privacy;
using Skinsight.Core;
using Skinsight.Core.Analysis;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Jobs;

/// <summary>
/// Queues photo analyses as background jobs and runs them for workers: claim, analyse, then store the analysis
/// and mark the job succeeded in one fenced transaction.
/// </summary>
public sealed class AnalysisJobService(
    SkinsightStore store,
    IPhotoAnalyzer analyzer,
    ConsentService consents,
    JobRetryPolicy? retryPolicy = null)
{
    public JobRetryPolicy RetryPolicy { get; } = retryPolicy ?? JobRetryPolicy.Default;

    /// <summary>Queues an analysis of <paramref name="photo"/> for <paramref name="personId"/>.</summary>
    /// <remarks>The caller checks consent first, as for a synchronous analysis.</remarks>
    /// <exception cref="InvalidInputException">
    /// The photo is empty, its format, header or pixel count is not usable, or its pixel data is truncated or corrupt.
    /// </exception>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public Task<JobRecord> EnqueueAsync(Guid personId, ReadOnlyMemory<byte> photo, CancellationToken cancellationToken = default)
    {
        AnalysisService.RequirePhoto(photo);
        analyzer.CheckDecodes(photo.Span);
        return store.AddJobAsync(personId, JobKinds.Analysis, photo, RetryPolicy.MaxAttempts, cancellationToken);
    }

    /// <summary>
    /// Claims one due job for <paramref name="workerId"/> and runs it to the end of this attempt.
    /// </summary>
    /// <returns>What happened, or null when no job was due.</returns>
    /// <remarks>
    /// While the attempt runs, the lease is renewed every <see cref="HeartbeatInterval"/> of
    /// <paramref name="lease"/>, so a job that runs longer than the lease stays with this worker. When
    /// <paramref name="cancellationToken"/> stops the attempt, the job goes back to the queue without the attempt
    /// being counted, and the cancellation propagates.
    /// </remarks>
    /// <param name="overlays">
    /// Where to keep overlay PNGs, drawn only when the person consents to keeping photos, or null to draw none.
    /// </param>
    public async Task<JobOutcome?> RunNextAsync(
        string workerId,
        TimeSpan lease,
        CancellationToken cancellationToken = default,
        IOverlayFolders? overlays = null)
    {
        var claim = await store.ClaimJobAsync(workerId, lease, cancellationToken);
        if (claim is null)
        {
            return null;
        }

        await using var heartbeat = new LeaseHeartbeat(store, claim, lease, cancellationToken);
        JobOutcome outcome;
        try
        {
            Guid? resultId = await RunAsync(claim, overlays, heartbeat.Token);
            outcome = new JobOutcome(claim, resultId is null ? null : JobState.Succeeded, resultId, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await store.ReleaseJobAsync(claim, CancellationToken.None);
            throw;
        }
        catch (OperationCanceledException) when (heartbeat.LeaseLost)
        {
            // Another worker reclaimed the job, so the fenced completion would have discarded this attempt's result.
            outcome = new JobOutcome(claim, null, null, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = await FailAsync(claim, ex);
        }

        return outcome with { FailedLeaseRenewals = heartbeat.FailedRenewals, LeaseRenewalError = heartbeat.LastRenewalError };
    }

    private async Task<JobOutcome> FailAsync(JobClaim claim, Exception exception)
    {
        bool retryable = IsRetryable(exception);
        string error = retryable || string.IsNullOrWhiteSpace(exception.Message)
            ? $"{exception.GetType().Name}: {FirstLine(exception.Message)}"
            : exception.Message;
        JobFailureKind kind = exception is PhotoRejectedException ? JobFailureKind.PhotoRejected
            : retryable ? JobFailureKind.Error
            : JobFailureKind.InvalidInput;
        var state = await store.FailJobAsync(
            claim,
            error,
            retryable,
            RetryPolicy.DelayAfter(claim.Attempt),
            CancellationToken.None,
            kind,
            (exception as PhotoRejectedException)?.Quality);
        return new JobOutcome(claim, state, null, error)
        {
            Exception = retryable ? exception : null,
            ErrorType = exception.GetType().Name,
        };
    }

    /// <summary>
    /// The share of the lease after which a running attempt renews it. A third leaves two more tries before the
    /// lease runs out when one renewal is slow or fails.
    /// </summary>
    public const double HeartbeatInterval = 1.0 / 3;

    private async Task<Guid?> RunAsync(JobClaim claim, IOverlayFolders? overlays, CancellationToken cancellationToken)
    {
        byte[] input = await store.LoadJobPayloadAsync(claim.PersonId, claim.JobId, cancellationToken)
            ?? throw new InvalidInputException($"The input of job {claim.JobId} is gone, so the job cannot run; upload the photo again.");
        if (claim.Kind == JobKinds.Probe)
        {
            await Task.Delay(ProbeWorkTime(input), cancellationToken);
            return await store.CompleteAnalysisJobAsync(claim, ProbeAnalysis(input.Length), null, cancellationToken);
        }

        // Consent is checked again when the job runs, because the person may have withdrawn it since the upload.
        await consents.RequireAsync(claim.PersonId, ConsentPurpose.Analysis, cancellationToken);
        bool keepPhoto = await consents.HoldsAsync(claim.PersonId, ConsentPurpose.KeepPhotos, cancellationToken);

        // Overlays are pictures of the photo, so, as for a synchronous analysis, they are drawn only when the person
        // lets photos be kept. The stored analysis keeps their URLs, so GET /api/analyses/{id} can show them.
        var folder = keepPhoto && overlays is not null
            ? await overlays.CreateUnderConsentAsync(consents, claim.PersonId, cancellationToken)
            : null;
        string? token = folder?.Token;
        try
        {
            var analysis = analyzer.Analyze(input, folder?.Path);
            if (!analysis.Quality.Accepted)
            {
                throw new PhotoRejectedException(analysis.Quality);
            }

            // Seal returns 0, and keeps nothing, when the person withdrew the consent while the overlays were drawn.
            analysis = token is not null && overlays!.Seal(token, claim.PersonId) > 0
                ? analysis with { Overlays = OverlayLinks.For(token, analysis.Overlays) }
                : analysis with { Overlays = new Dictionary<string, string>() };

            // As for a synchronous analysis, the kept copy is re-encoded without the upload's metadata. The store
            // keeps it, and the overlay URLs, only if the consent still holds when the job completes. A withdrawal
            // after that deletes the photo and the overlay folder.
            ReadOnlyMemory<byte>? storedPhoto = keepPhoto ? analyzer.PrepareForStorage(input) : (ReadOnlyMemory<byte>?)null;
            Guid? id = await store.CompleteAnalysisJobAsync(
                claim, analysis, storedPhoto, cancellationToken, photoNeedsConsent: true);
            if (id is null && token is not null)
            {
                // Another worker owns the job now and draws its own overlays.
                overlays!.DeleteFolder(token);
            }

            return id;
        }
        catch when (token is not null)
        {
            overlays!.DeleteFolder(token);
            throw;
        }
    }

    /// <summary>
    /// Returns whether an attempt's error may pass on its own. Input the person must fix (not an image, rejected
    /// by the quality gate, missing consent) does not. A store error other than an unknown person counts as
    /// passing, because the store raises the same type for a lock timeout.
    /// </summary>
    internal static bool IsRetryable(Exception exception) => exception switch
    {
        PersonNotFoundException => false,
        StoreException => true,
        InvalidInputException input => input.StatusCode >= 500,
        _ => true,
    };

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>
    /// Returns how long a probe job pretends to work: the first 4 bytes of its input as a little-endian count of
    /// milliseconds, at most <see cref="MaxProbeWorkTime"/>, or zero for a shorter input.
    /// </summary>
    public static TimeSpan ProbeWorkTime(ReadOnlySpan<byte> input)
    {
        if (input.Length < sizeof(uint))
        {
            return TimeSpan.Zero;
        }

        uint milliseconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(input);
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, MaxProbeWorkTime.TotalMilliseconds));
    }

    /// <summary>The longest a probe job waits, so a probe can never hold a worker for long.</summary>
    public static TimeSpan MaxProbeWorkTime { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The fixed result of a probe job: accepted, no measures, and the input's size as the image width.</summary>
    private static SkinAnalysis ProbeAnalysis(int inputLength) => new()
    {
        Mode = AnalysisMode.Closeup,
        Quality = new QualityReport(true, 100, []),
        Image = new ImageInfo(JobKinds.Probe, inputLength, 1, 1),
    };
}

/// <summary>The end of one job attempt.</summary>
/// <param name="State">The job's state after the attempt, or null when another worker had reclaimed it.</param>
/// <param name="AnalysisId">The stored analysis when the job succeeded.</param>
/// <param name="Error">The error recorded on the job when the attempt failed.</param>
public sealed record JobOutcome(JobClaim Claim, JobState? State, Guid? AnalysisId, string? Error)
{
    /// <summary>The exception behind a retryable failure, for the worker's log; null otherwise.</summary>
    public Exception? Exception { get; init; }

    /// <summary>
    /// Type name of the exception behind a failed attempt, for the worker's log, which must not quote
    /// <see cref="Error"/> because it can name the person; null when the attempt did not fail.
    /// </summary>
    public string? ErrorType { get; init; }

    /// <summary>
    /// Count of lease renewals that failed with an error during the attempt. The lease expires only when renewals
    /// fail for a whole lease.
    /// </summary>
    public int FailedLeaseRenewals { get; init; }

    /// <summary>The error of the last failed lease renewal, for the worker's log, or null.</summary>
    public Exception? LeaseRenewalError { get; init; }
}

/// <summary>
/// The quality gate rejected a job's photo. The message is the synchronous endpoint's 422 detail, or the
/// endpoint's title when the report gives no reason.
/// </summary>
public sealed class PhotoRejectedException(QualityReport quality) : InvalidInputException(MessageOf(quality))
{
    public QualityReport Quality { get; } = quality;

    public override int StatusCode => 422;

    private static string MessageOf(QualityReport quality)
    {
        string summary = quality.RejectionSummary();
        return string.IsNullOrWhiteSpace(summary) ? "Photo rejected by the quality gate." : summary;
    }
}
