using Skinsight.Core;

namespace Skinsight.Tracking;

/// <summary>
/// Tracking input that cannot be analysed, such as too few check-ins or two check-ins with the same timestamp.
/// The message is one line: what failed, on which value, and what to do.
/// </summary>
public sealed class TrackingException : InvalidInputException
{
    public TrackingException(string message)
        : base(message)
    {
    }

    public TrackingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
