using Skinsight.Core;

namespace Skinsight.Ranking.Suitability;

/// <summary>
/// A failure of suitability training, evaluation or model loading whose one-line message names the value at fault
/// and what to do about it.
/// </summary>
public sealed class SuitabilityException : InvalidInputException
{
    public SuitabilityException(string message)
        : base(message)
    {
    }

    public SuitabilityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
