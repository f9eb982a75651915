using System.Security.Cryptography;
using System.Text;

namespace Skinsight.Data.Encryption;

/// <summary>A 256-bit master key, which wraps every data key, and its public id.</summary>
public sealed class MasterKey
{
    private MasterKey(byte[] key)
    {
        Key = key;
        // The id is a hash of the key, so a wrapped data key names the master key it needs without revealing it.
        byte[] digest = SHA256.HashData([.. "skinsight-master-key-id:"u8, .. key]);
        Id = Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }

    /// <summary>Sixteen hex digits derived from the key, stored beside each wrapped data key.</summary>
    public string Id { get; }

    internal byte[] Key { get; }

    /// <summary>Creates a new random master key.</summary>
    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(FieldCipher.KeySize));

    /// <summary>Reads a master key from its base64 text, as held in a key file or an environment variable.</summary>
    /// <param name="source">Where the text came from, for the error message.</param>
    /// <exception cref="KeyStoreException">The text is not base64 of exactly 32 bytes.</exception>
    public static MasterKey Parse(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new KeyStoreException(
                $"The master key in {source} is not valid base64; it must be the base64 of 32 random bytes (e.g. from `openssl rand -base64 32`).");
        }

        if (key.Length != FieldCipher.KeySize)
        {
            throw new KeyStoreException(
                $"The master key in {source} is {key.Length} bytes long, but AES-256 needs 32; use the base64 of 32 random bytes.");
        }

        return new MasterKey(key);
    }

    /// <summary>Returns the base64 text of the key, the form <see cref="Parse"/> reads.</summary>
    public string ToBase64() => Convert.ToBase64String(Key);

    internal static byte[] WrapContext(string dataKeyName) => Encoding.UTF8.GetBytes("skinsight-data-key:" + dataKeyName);
}
