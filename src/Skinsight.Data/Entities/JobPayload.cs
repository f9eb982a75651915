using Skinsight.Data.Encryption;

namespace Skinsight.Data.Entities;

/// <summary>The input of one job (an uploaded photo), kept only until the job ends.</summary>
/// <remarks>
/// <see cref="Content"/> is encrypted at rest under the owner's data key, as <see cref="StoredPhoto"/> is. A job
/// that succeeds or fails deletes its payload, while a dead-letter job keeps it so an operator can retry it.
/// </remarks>
public sealed class JobPayload : IPersonalRecord
{
    public Guid JobId { get; set; }

    /// <summary>The owner, repeated from the job so that erasure and export can filter on it directly.</summary>
    public Guid PersonId { get; set; }

    /// <summary>The uploaded bytes as received, encrypted at rest.</summary>
    [Encrypted]
    public byte[] Content { get; set; } = [];

    /// <summary>Id of the data key that encrypted <see cref="Content"/>.</summary>
    public string? KeyId { get; set; }

    /// <summary>Size of the plain content in bytes.</summary>
    public long Length { get; set; }
}
