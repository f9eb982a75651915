using Skinsight.Data.Encryption;

namespace Skinsight.Data.Entities;

/// <summary>The photo behind one analysis, kept in its own table so that listing analyses never loads it.</summary>
/// <remarks>
/// <see cref="Content"/> is encrypted at rest under the owner's data key, which <see cref="KeyId"/> names. Rows
/// written before encryption existed have a null <see cref="KeyId"/> and bytes in clear, and are read as they are.
/// </remarks>
public sealed class StoredPhoto : IPersonalRecord
{
    /// <summary>The id of the analysis the photo belongs to (one photo per analysis).</summary>
    public Guid AnalysisId { get; set; }

    /// <summary>The owner, repeated from the analysis so that erasure and export can filter on it directly.</summary>
    public Guid PersonId { get; set; }

    /// <summary>The encoded photo bytes (metadata already stripped by the caller), encrypted at rest.</summary>
    [Encrypted]
    public byte[] Content { get; set; } = [];

    /// <summary>Id of the data key that encrypted <see cref="Content"/>, or null for bytes stored in clear.</summary>
    public string? KeyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the plain photo bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Size of the plain photo in bytes.</summary>
    public long Length { get; set; }
}
