using Microsoft.AspNetCore.Identity;
using Skinsight.Data.Encryption;

namespace Skinsight.Data.Entities;

/// <summary>
/// A sign-in account of ASP.NET Core Identity, linked to the <see cref="Person"/> whose records it may use.
/// </summary>
/// <remarks>
/// The user name is the person's handle; Identity stores the password only as its hash. The user name and the
/// email are encrypted under the person's data key, and the normalized forms that Identity looks accounts up by
/// contain keyed digests (<c>h1:</c>), which <see cref="AccountUserStore"/> computes.
/// </remarks>
public sealed class Account : IdentityUser<Guid>, IPersonalRecord
{
    /// <summary>Name of the role that may import catalogs, read the audit log and export research data.</summary>
    public const string OperatorRole = "operator";

    /// <summary>The person this account acts for (one account per person).</summary>
    public Guid PersonId { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <inheritdoc/>
    [Encrypted]
    public override string? UserName
    {
        get => base.UserName;
        set => base.UserName = value;
    }

    /// <inheritdoc/>
    [Encrypted]
    public override string? Email
    {
        get => base.Email;
        set => base.Email = value;
    }
}
