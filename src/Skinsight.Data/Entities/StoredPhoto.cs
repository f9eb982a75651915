namespace Skinsight.Data.Entities;

/// <summary>The photo behind one analysis, kept in its own table so that listing analyses never loads it.</summary>
/// <remarks>
/// <see cref="KeyId"/> is null while the bytes are stored in clear. When per-person encryption arrives,
/// <see cref="Content"/> holds the ciphertext and <see cref="KeyId"/> names the person's key, so the schema
/// does not change.
/// </remarks>
public sealed class StoredPhoto
{
    /// <summary>The id of the analysis the photo belongs to (one photo per analysis).</summary>
    public Guid AnalysisId { get; set; }

    /// <summary>The owner, repeated from the analysis so that erasure and export can filter on it directly.</summary>
    public Guid PersonId { get; set; }

    /// <summary>The encoded photo bytes as received, or their ciphertext when <see cref="KeyId"/> is set.</summary>
    public byte[] Content { get; set; } = [];

    /// <summary>Id of the key that encrypted <see cref="Content"/>, or null for bytes stored in clear.</summary>
    public string? KeyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the plain photo bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Size of the plain photo in bytes.</summary>
    public long Length { get; set; }
}
