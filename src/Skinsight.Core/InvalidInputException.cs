namespace Skinsight.Core;

/// <summary>
/// Base of every failure caused by input a user can fix: an undecodable photo, a malformed catalog, an invalid
/// profile. The CLI prints <see cref="Exception.Message"/> as one line; the API returns it as a 400
/// ProblemDetails. The message names the value and the action that fixes it.
/// </summary>
public class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status an API returns for this failure (400 unless a subclass overrides it).</summary>
    public virtual int StatusCode => 400;
}
