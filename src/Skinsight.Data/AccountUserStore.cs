using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>
/// Identity's EF Core user store, changed to keep keyed digests in place of the normalized user name and email,
/// so that the database can find an account by handle or email but does not contain either in clear.
/// </summary>
/// <remarks>
/// Identity hands the store upper-cased names (<see cref="UpperInvariantLookupNormalizer"/>). The digest is the
/// HMAC-SHA256 of that value under the key ring's index key, the same key that digests <see cref="Person.Handle"/>.
/// The user name and email themselves are encrypted by the store's interceptor, because <see cref="Account"/>
/// marks them <see cref="Encryption.EncryptedAttribute"/>.
/// </remarks>
public sealed class AccountUserStore(SkinsightContext context, IdentityErrorDescriber? describer = null)
    : UserStore<Account, IdentityRole<Guid>, SkinsightContext, Guid>(context, describer)
{
    public override Task SetNormalizedUserNameAsync(Account user, string? normalizedName,
        CancellationToken cancellationToken = default) =>
        base.SetNormalizedUserNameAsync(user, Digest(normalizedName), cancellationToken);

    public override Task SetNormalizedEmailAsync(Account user, string? normalizedEmail,
        CancellationToken cancellationToken = default) =>
        base.SetNormalizedEmailAsync(user, Digest(normalizedEmail), cancellationToken);

    public override Task<Account?> FindByNameAsync(string normalizedUserName,
        CancellationToken cancellationToken = default) =>
        base.FindByNameAsync(Digest(normalizedUserName)!, cancellationToken);

    public override Task<Account?> FindByEmailAsync(string normalizedEmail,
        CancellationToken cancellationToken = default) =>
        base.FindByEmailAsync(Digest(normalizedEmail)!, cancellationToken);

    /// <summary>Returns the lookup digest of a normalized name or email; null stays null.</summary>
    internal static string? Digest(SkinsightContext context, string? normalized) =>
        normalized is null ? null : KeysOf(context).LookupDigest(normalized);

    private string? Digest(string? normalized) => Digest(Context, normalized);

    private static Encryption.KeyRing KeysOf(SkinsightContext context) => context.Keys ?? throw new InvalidOperationException(
        "This context has no key ring, so account names cannot be digested; create contexts with SkinsightStore.CreateContext.");
}
