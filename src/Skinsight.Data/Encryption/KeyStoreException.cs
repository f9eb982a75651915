namespace Skinsight.Data.Encryption;

/// <summary>
/// The master key or a data key is missing, invalid or cannot be read; the message names the key file or
/// variable and what to do.
/// </summary>
public class KeyStoreException : StoreException
{
    public KeyStoreException(string message)
        : base(message)
    {
    }

    public KeyStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A record cannot be decrypted because its owner's data key no longer exists, which is the expected state after
/// the person was erased.
/// </summary>
public sealed class DataKeyDestroyedException(Guid personId)
    : KeyStoreException($"The data key of person {personId} does not exist (the person was erased), so their encrypted records cannot be read.")
{
    public Guid PersonId { get; } = personId;

    public override int StatusCode => 410;
}
