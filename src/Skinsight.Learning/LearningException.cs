using Skinsight.Core;

namespace Skinsight.Learning;

/// <summary>
/// A failure in loading, training or evaluating a learned model whose message is one line a user can act on:
/// what failed, on which value, and what to do.
/// </summary>
public class LearningException : InvalidInputException
{
    public LearningException(string message)
        : base(message)
    {
    }

    public LearningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A model file is missing, unreadable, or does not have the expected layout.</summary>
public sealed class ModelFormatException : LearningException
{
    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A data set folder is missing files or contains rows that cannot be used.</summary>
public sealed class DataSetException : LearningException
{
    public DataSetException(string message)
        : base(message)
    {
    }

    public DataSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An image file is missing or cannot be decoded or resized.</summary>
public sealed class InvalidImageException : LearningException
{
    public InvalidImageException(string message)
        : base(message)
    {
    }
}
