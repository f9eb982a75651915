using Skinsight.Core;

namespace Skinsight.Ranking.Reviews;

/// <summary>
/// A review folder, catalog or saved ranker model cannot be used. The message is one line: what failed, on which
/// value, and what to do.
/// </summary>
public sealed class RankerDataException : InvalidInputException
{
    public RankerDataException(string message)
        : base(message)
    {
    }

    public RankerDataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
