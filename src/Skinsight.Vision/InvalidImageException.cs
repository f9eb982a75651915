namespace Skinsight.Vision;

/// <summary>
/// Thrown for input that is not a usable image: empty, not a JPEG, PNG or WebP file, truncated, corrupt, too large
/// to decode safely, or too small to analyse. The message is one line that names the problem and what to do.
/// </summary>
public sealed class InvalidImageException : Exception
{
    public InvalidImageException()
        : base("The input is not a usable image: send a JPEG, PNG or WebP photo.")
    {
    }

    public InvalidImageException(string message)
        : base(message)
    {
    }

    public InvalidImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
