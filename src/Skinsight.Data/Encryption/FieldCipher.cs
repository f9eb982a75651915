using System.Security.Cryptography;

namespace Skinsight.Data.Encryption;

/// <summary>
/// AES-256-GCM sealing of values and keys. A sealed value is a version byte, a 12-byte random nonce, the
/// 16-byte tag and the ciphertext, with the caller's associated data bound into the tag.
/// </summary>
internal static class FieldCipher
{
    public const int KeySize = 32;

    private const byte Version = 1;
    private const int HeaderSize = 1 + NonceSize + TagSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Prefix of an encrypted string column, followed by the base64 of the sealed bytes.</summary>
    public const string TextPrefix = "enc1:";

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var sealedBytes = new byte[HeaderSize + plaintext.Length];
        sealedBytes[0] = Version;
        Span<byte> nonce = sealedBytes.AsSpan(1, NonceSize);
        Span<byte> tag = sealedBytes.AsSpan(1 + NonceSize, TagSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderSize), tag, associatedData);
        return sealedBytes;
    }

    /// <exception cref="CryptographicException">The key is wrong, or the bytes or associated data were changed.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData)
    {
        if (!IsSealed(sealedBytes))
        {
            throw new CryptographicException("The value is not sealed with Skinsight's AES-GCM format version 1.");
        }

        var plaintext = new byte[sealedBytes.Length - HeaderSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(
            sealedBytes.Slice(1, NonceSize),
            sealedBytes[HeaderSize..],
            sealedBytes.Slice(1 + NonceSize, TagSize),
            plaintext,
            associatedData);
        return plaintext;
    }

    public static bool IsSealed(ReadOnlySpan<byte> bytes) => bytes.Length >= HeaderSize && bytes[0] == Version;
}
