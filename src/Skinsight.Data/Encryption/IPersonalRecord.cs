namespace Skinsight.Data.Encryption;

/// <summary>An entity that belongs to one person, whose <see cref="EncryptedAttribute"/> properties use that person's data key.</summary>
public interface IPersonalRecord
{
    /// <summary>The owner, whose data key encrypts the record's marked properties.</summary>
    Guid PersonId { get; }
}
