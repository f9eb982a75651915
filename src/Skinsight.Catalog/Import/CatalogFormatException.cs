using Skinsight.Core;

namespace Skinsight.Catalog.Import;

/// <summary>
/// A problem with a whole catalog file (unknown format, missing columns, unreadable file) that stops the import.
/// A problem with a single row does not throw but becomes that row's <see cref="ImportRecord.SkipReason"/>.
/// </summary>
public sealed class CatalogFormatException : InvalidInputException
{
    public CatalogFormatException(string message)
        : base(message)
    {
    }

    public CatalogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
