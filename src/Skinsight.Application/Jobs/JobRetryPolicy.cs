namespace Skinsight.Application.Jobs;

/// <summary>How often and how late a job whose attempt failed for a passing reason is tried again.</summary>
/// <param name="MaxAttempts">Claims allowed before the job goes to dead letter.</param>
/// <param name="BaseDelay">Delay before the second attempt; each later attempt doubles it.</param>
/// <param name="MaxDelay">Upper bound of the delay before the jitter.</param>
public sealed record JobRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static JobRetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    /// <summary>
    /// Returns the delay after failed attempt <paramref name="attempt"/> (1 for the first): exponential backoff
    /// capped at <see cref="MaxDelay"/>, then scaled by a random factor between 0.5 and 1, so that jobs that
    /// failed together, for example while the database restarted, do not all come back at the same moment.
    /// </summary>
    public TimeSpan DelayAfter(int attempt, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempt);
        double exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        double capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        double jitter = 0.5 + (0.5 * (random ?? Random.Shared).NextDouble());
        return TimeSpan.FromMilliseconds(capped * jitter);
    }
}
