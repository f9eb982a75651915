using Skinsight.Core;

namespace Skinsight.Planning;

/// <summary>
/// A profile that cannot be read. The message is one line: which field failed, on which value, and what to do.
/// </summary>
public sealed class ProfileException : InvalidInputException
{
    public ProfileException(string message, string? field = null)
        : base(message)
    {
        Field = field;
    }

    public ProfileException(string message, string? field, Exception innerException)
        : base(message, innerException)
    {
        Field = field;
    }

    /// <summary>JSON path of the failing field, e.g. <c>climate.uvIndex</c>, or null when the whole document failed.</summary>
    public string? Field { get; }
}
