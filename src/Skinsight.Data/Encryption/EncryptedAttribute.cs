namespace Skinsight.Data.Encryption;

/// <summary>
/// Marks a <see cref="string"/> or <see cref="byte"/>[] property of an <see cref="IPersonalRecord"/> entity whose
/// value the store encrypts with the owner's data key on save and decrypts on load.
/// </summary>
/// <remarks>
/// A string column contains <c>enc1:</c> and the base64 ciphertext, so its type does not change. Equality
/// filters on such a column never match, because each save uses a new nonce. Only whole entities are
/// decrypted: a query that projects the column itself (<c>Select(a => a.AnalysisJson)</c>) returns ciphertext.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class EncryptedAttribute : Attribute;
