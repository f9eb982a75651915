using Skinsight.Application.Jobs;
using Skinsight.Data.Entities;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Runs <see cref="WebHostOptions.Workers"/> job workers in this app instance. Each worker claims one job at a
/// time and polls with a growing delay while the queue is empty.
/// </summary>
/// <remarks>
/// On shutdown a worker stops claiming and lets its running attempt finish, which the host's shutdown timeout
/// bounds. A worker that is killed instead leaves its job to be reclaimed once the lease expires.
/// </remarks>
internal sealed partial class JobWorkers(
    AnalysisJobService jobs,
    WebHostOptions options,
    OverlayStore overlays,
    ILogger<JobWorkers> logger)
    : BackgroundService
{
    // The idle delay doubles up to this many times the poll interval.
    private const int MaxIdleFactor = 8;

    // Identifies this process in worker ids, so that ids stay unique across instances on one machine and restarts.
    private static readonly string s_instance = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(1, options.Workers)
            .Select(i => Task.Run(() => RunWorkerAsync($"{s_instance}-w{i}", stoppingToken), CancellationToken.None)));

    private async Task RunWorkerAsync(string workerId, CancellationToken stoppingToken)
    {
        LogWorkerStarted(workerId);
        int idlePolls = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The attempt does not take the stopping token, so a claimed job is finished rather than abandoned.
                var outcome = await jobs.RunNextAsync(workerId, options.JobLease, CancellationToken.None, overlays);
                if (outcome is not null)
                {
                    Log(outcome);
                    idlePolls = 0;
                    continue;
                }
            }
            catch (Exception ex)
            {
                // The store is unreachable or failed; the worker keeps polling with backoff until it recovers.
                LogPollFailed(ex, workerId);
            }

            idlePolls++;
            try
            {
                await Task.Delay(IdleDelay(idlePolls), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogWorkerStopped(workerId);
    }

    private TimeSpan IdleDelay(int idlePolls)
    {
        double factor = Math.Min(Math.Pow(2, Math.Min(idlePolls - 1, 10)), MaxIdleFactor);

        // The jitter spreads the polls of many workers, so they do not query the store in lockstep.
        double jitter = 0.75 + (0.5 * Random.Shared.NextDouble());
        return options.JobPollInterval * (factor * jitter);
    }

    private void Log(JobOutcome outcome)
    {
        var claim = outcome.Claim;
        if (outcome.FailedLeaseRenewals > 0)
        {
            LogRenewalsFailed(outcome.LeaseRenewalError, claim.JobId, outcome.FailedLeaseRenewals, claim.WorkerId);
        }

        switch (outcome.State)
        {
            case JobState.Succeeded:
                LogJobSucceeded(claim.JobId, claim.Kind, claim.Attempt, claim.WorkerId);
                break;
            case null:
                LogLeaseLost(claim.JobId, claim.WorkerId);
                break;
            case JobState.Failed:
                LogJobRejected(claim.JobId, claim.Attempt, outcome.ErrorType);
                break;
            default:
                LogAttemptFailed(outcome.Exception, claim.JobId, claim.Attempt, claim.MaxAttempts, outcome.State);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {WorkerId} started")]
    private partial void LogWorkerStarted(string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {WorkerId} stopped")]
    private partial void LogWorkerStopped(string workerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} ({Kind}) succeeded on attempt {Attempt} in worker {WorkerId}")]
    private partial void LogJobSucceeded(Guid jobId, string kind, int attempt, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was reclaimed by another worker before {WorkerId} finished; its result was discarded")]
    private partial void LogLeaseLost(Guid jobId, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: {Count} lease renewals failed in worker {WorkerId}; the job is reclaimed if none succeeds within the lease")]
    private partial void LogRenewalsFailed(Exception? exception, Guid jobId, int count, string workerId);

    // The job's stored error can quote a person id, so the log names only the exception type; the owner reads
    // the error through GET /api/jobs/{id}.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed for its input on attempt {Attempt} with {ErrorType}")]
    private partial void LogJobRejected(Guid jobId, int attempt, string? errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} attempt {Attempt} of {MaxAttempts} failed; the job is now {State}")]
    private partial void LogAttemptFailed(Exception? exception, Guid jobId, int attempt, int maxAttempts, JobState? state);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job worker {WorkerId} could not poll the store; it retries after a delay")]
    private partial void LogPollFailed(Exception exception, string workerId);
}
