namespace Skinsight.Bench.Load;

/// <summary>What became of one analysis request.</summary>
internal enum OutcomeKind
{
    /// <summary>The server returned the analysis (sync) or the job succeeded (jobs).</summary>
    Completed,

    /// <summary>The server's quality gate rejected the photo with 422, which is an expected result and not an error.</summary>
    Rejected,

    /// <summary>Any other status, a timeout or a failed connection.</summary>
    Error,
}

/// <summary>One request's result. <paramref name="ErrorKey"/> is the status code or failure name of an error.</summary>
internal readonly record struct Outcome(OutcomeKind Kind, string? ErrorKey = null, string? Detail = null)
{
    public static Outcome Completed { get; } = new(OutcomeKind.Completed);

    public static Outcome Rejected { get; } = new(OutcomeKind.Rejected);

    public static Outcome Error(string key, string? detail) => new(OutcomeKind.Error, key, detail);
}

/// <summary>Counts shared by all clients of one run: the start budget, latencies, rejections and errors.</summary>
internal sealed class LoadTally(int maxAnalyses) : IDisposable
{
    private readonly CancellationTokenSource _stopStarting = new();
    private readonly List<double> _latenciesMs = [];
    private readonly SortedDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _errorDetails = new(StringComparer.Ordinal);
    private long _started;
    private long _rejected;

    /// <summary>Cancelled when the clients must start no further analyses: the duration ended or the run was aborted.</summary>
    public CancellationToken StopStarting => _stopStarting.Token;

    /// <summary>Why the run stopped early, or null.</summary>
    public string? AbortReason { get; private set; }

    public long Started => Math.Min(Interlocked.Read(ref _started), maxAnalyses);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Takes one analysis from the budget, or returns false once <c>maxAnalyses</c> have been started.</summary>
    public bool TryStart() => Interlocked.Increment(ref _started) <= maxAnalyses;

    public void StopStartingAfter(TimeSpan duration) => _stopStarting.CancelAfter(duration);

    /// <summary>Stops new analyses and keeps the first reason given.</summary>
    public void Abort(string reason)
    {
        lock (_errors)
        {
            AbortReason ??= reason;
        }

        _stopStarting.Cancel();
    }

    public void Record(Outcome outcome, TimeSpan latency)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Completed:
                lock (_latenciesMs)
                {
                    _latenciesMs.Add(latency.TotalMilliseconds);
                }

                break;
            case OutcomeKind.Rejected:
                Interlocked.Increment(ref _rejected);
                break;
            default:
                RecordError(outcome.ErrorKey ?? "unknown", outcome.Detail);
                break;
        }
    }

    /// <summary>Counts one error under <paramref name="key"/> and keeps the first detail seen for that key.</summary>
    public void RecordError(string key, string? detail)
    {
        lock (_errors)
        {
            _errors[key] = _errors.GetValueOrDefault(key) + 1;
            if (detail is { Length: > 0 } && !_errorDetails.ContainsKey(key))
            {
                _errorDetails[key] = detail.Length > 300 ? detail[..300] + "..." : detail;
            }
        }
    }

    public int CompletedCount
    {
        get
        {
            lock (_latenciesMs)
            {
                return _latenciesMs.Count;
            }
        }
    }

    public long ErrorCount
    {
        get
        {
            lock (_errors)
            {
                return _errors.Values.Sum();
            }
        }
    }

    /// <summary>Latencies of completed analyses in milliseconds, sorted ascending.</summary>
    public List<double> SortedLatencies()
    {
        lock (_latenciesMs)
        {
            return [.. _latenciesMs.Order()];
        }
    }

    public (SortedDictionary<string, long> Counts, SortedDictionary<string, string> Details) Errors()
    {
        lock (_errors)
        {
            return (new(_errors, StringComparer.Ordinal), new(_errorDetails, StringComparer.Ordinal));
        }
    }

    public void Dispose() => _stopStarting.Dispose();
}
