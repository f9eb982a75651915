using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Skinsight.Data.Encryption;

/// <summary>
/// Encrypts the <see cref="EncryptedAttribute"/> properties of added and modified <see cref="IPersonalRecord"/>
/// entities just before they are saved, and decrypts them as entities are read. Entities keep their plain
/// values in memory: after a save, the values the caller set are put back.
/// </summary>
/// <remarks>
/// Values without the encrypted prefix are read as they are, so rows written before encryption existed stay
/// readable. A tracked entity that was read and decrypted differs from its database snapshot, so saving its
/// context writes its encrypted properties again under a new nonce.
/// </remarks>
internal sealed class EncryptionInterceptor : SaveChangesInterceptor, IMaterializationInterceptor
{
    /// <summary>
    /// The one instance every store registers. EF Core builds an internal service provider per distinct set of
    /// interceptors, so the interceptor keeps no key ring and takes it from the context.
    /// </summary>
    public static EncryptionInterceptor Instance { get; } = new();

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_encryptedProperties = new();
    private static ReadOnlySpan<byte> BinaryPrefix => "enc1"u8;

    private readonly ConditionalWeakTable<DbContext, List<PlainValue>> _pendingRestores = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        EncryptPending(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        EncryptPending(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RestorePlainValues(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        RestorePlainValues(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => RestorePlainValues(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        RestorePlainValues(eventData.Context);
        return Task.CompletedTask;
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is not IPersonalRecord record)
        {
            return entity;
        }

        KeyRing keys = KeysOf(materializationData.Context);
        foreach (PropertyInfo property in EncryptedProperties(entity.GetType()))
        {
            object? stored = property.GetValue(entity);
            if (IsEncrypted(stored))
            {
                byte[] key = keys.GetDataKey(record.PersonId);
                property.SetValue(entity, Decrypt(key, record.PersonId, stored!, $"{entity.GetType().Name}.{property.Name}"));
            }
        }

        return entity;
    }

    /// <summary>Returns the properties of <paramref name="type"/> marked <see cref="EncryptedAttribute"/>.</summary>
    internal static PropertyInfo[] EncryptedProperties(Type type) => s_encryptedProperties.GetOrAdd(type, t =>
        [.. t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.IsDefined(typeof(EncryptedAttribute)))
            .Select(RequireSupportedType)]);

    private static PropertyInfo RequireSupportedType(PropertyInfo property) =>
        property.PropertyType == typeof(string) || property.PropertyType == typeof(byte[])
            ? property
            : throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name} is marked [Encrypted] but is a {property.PropertyType.Name}; only string and byte[] properties can be encrypted.");

    private void EncryptPending(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        KeyRing keys = KeysOf(context);
        context.ChangeTracker.DetectChanges();
        var restores = _pendingRestores.GetOrCreateValue(context);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || entry.Entity is not IPersonalRecord record)
            {
                continue;
            }

            foreach (PropertyInfo property in EncryptedProperties(entry.Entity.GetType()))
            {
                object? plain = property.GetValue(entry.Entity);
                if (plain is null || IsEncrypted(plain))
                {
                    continue;
                }

                byte[] key = keys.GetOrCreateDataKey(record.PersonId);
                entry.Property(property.Name).CurrentValue = Encrypt(key, record.PersonId, plain);
                restores.Add(new PlainValue(entry.Entity, property, plain));
            }
        }
    }

    private static KeyRing KeysOf(DbContext context) =>
        (context as SkinsightContext)?.Keys ?? throw new InvalidOperationException(
            "This context has no key ring, so it cannot read or write encrypted values; create contexts with SkinsightStore.CreateContext.");

    private void RestorePlainValues(DbContext? context)
    {
        if (context is null || !_pendingRestores.TryGetValue(context, out var restores))
        {
            return;
        }

        foreach (var (entity, property, plain) in restores)
        {
            property.SetValue(entity, plain);
        }

        _pendingRestores.Remove(context);
    }

    private static bool IsEncrypted(object? value) => value switch
    {
        string text => text.StartsWith(FieldCipher.TextPrefix, StringComparison.Ordinal),
        byte[] bytes => bytes.AsSpan().StartsWith(BinaryPrefix) && FieldCipher.IsSealed(bytes.AsSpan(BinaryPrefix.Length)),
        _ => false,
    };

    /// <summary>
    /// Returns <paramref name="plain"/> encrypted under the data key of <paramref name="personId"/>, as a marked
    /// string column stores it. For bulk loaders that write rows without EF Core, such as the tracking benchmark.
    /// </summary>
    internal static string EncryptText(KeyRing keys, Guid personId, string plain) =>
        (string)Encrypt(keys.GetOrCreateDataKey(personId), personId, plain);

    private static object Encrypt(byte[] key, Guid personId, object plain)
    {
        byte[] associatedData = personId.ToByteArray();
        if (plain is string text)
        {
            byte[] sealedText = FieldCipher.Seal(key, Encoding.UTF8.GetBytes(text), associatedData);
            return FieldCipher.TextPrefix + Convert.ToBase64String(sealedText);
        }

        byte[] sealedBytes = FieldCipher.Seal(key, (byte[])plain, associatedData);
        return (byte[])[.. BinaryPrefix, .. sealedBytes];
    }

    private static object Decrypt(byte[] key, Guid personId, object stored, string field)
    {
        byte[] associatedData = personId.ToByteArray();
        try
        {
            if (stored is string text)
            {
                byte[] sealedText = Convert.FromBase64String(text[FieldCipher.TextPrefix.Length..]);
                return Encoding.UTF8.GetString(FieldCipher.Open(key, sealedText, associatedData));
            }

            return FieldCipher.Open(key, ((byte[])stored).AsSpan(BinaryPrefix.Length), associatedData);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new KeyStoreException(
                $"The encrypted {field} of person {personId} fails authentication ({ex.Message}); the row was changed or belongs to another person's key.",
                ex);
        }
    }

    private sealed record PlainValue(object Entity, PropertyInfo Property, object Value);
}
