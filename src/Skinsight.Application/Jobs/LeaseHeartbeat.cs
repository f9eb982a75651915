using Skinsight.Data;

namespace Skinsight.Application.Jobs;

/// <summary>
/// Renews the lease of one claimed job in the background until it is disposed. When a renewal finds that another
/// worker has reclaimed the job, <see cref="Token"/> is cancelled so the attempt can stop early.
/// </summary>
/// <remarks>
/// A renewal that fails with an error, for example because the store is unreachable, is tried again at the next
/// interval. The lease expires only when no renewal succeeds for a whole lease.
/// </remarks>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _attempt;
    private readonly Task _loop;
    private volatile bool _leaseLost;

    public LeaseHeartbeat(SkinsightStore store, JobClaim claim, TimeSpan lease, CancellationToken cancellationToken)
    {
        _attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = RenewAsync(store, claim, lease, lease * AnalysisJobService.HeartbeatInterval, _stop.Token);
    }

    /// <summary>Cancelled when the caller's token is, or when another worker has taken the job over.</summary>
    public CancellationToken Token => _attempt.Token;

    /// <summary>Whether a renewal found that another worker has reclaimed the job.</summary>
    public bool LeaseLost => _leaseLost;

    /// <summary>Count of renewals that failed with an error.</summary>
    public int FailedRenewals { get; private set; }

    /// <summary>The error of the last failed renewal, or null.</summary>
    public Exception? LastRenewalError { get; private set; }

    private async Task RenewAsync(SkinsightStore store, JobClaim claim, TimeSpan lease, TimeSpan interval,
        CancellationToken stopToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopToken))
            {
                bool renewed;
                try
                {
                    renewed = await store.RenewJobLeaseAsync(claim, lease, stopToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    FailedRenewals++;
                    LastRenewalError = ex;
                    continue;
                }

                if (!renewed)
                {
                    _leaseLost = true;
                    await _attempt.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Waiting for the loop keeps a renewal from running after the attempt completed. The fenced update would
        // change nothing then, but it would cost a round trip to the store.
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _attempt.Dispose();
    }
}
