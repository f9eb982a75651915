using System.Runtime.ExceptionServices;

namespace Skinsight.Learning.Data;

/// <summary>Runs image decoding in parallel and reports a failure as the exception the decoding raised.</summary>
internal static class ParallelDecoding
{
    /// <summary>
    /// Calls <paramref name="decode"/> for 0 to <paramref name="count"/> - 1 in parallel. The first failure is thrown
    /// as itself, not wrapped in an <see cref="AggregateException"/>, so callers and the CLI see the image error and
    /// its path.
    /// </summary>
    public static void For(int count, Action<int> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        try
        {
            Parallel.For(0, count, decode);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
