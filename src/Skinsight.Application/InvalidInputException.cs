namespace Skinsight.Application;

/// <summary>
/// A use case was called with input it cannot work on, such as an empty photo or a missing catalog file. The
/// message is one line that names the value and what to do, and nothing was stored.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
