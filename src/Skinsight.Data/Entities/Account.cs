using Microsoft.AspNetCore.Identity;

namespace Skinsight.Data.Entities;

/// <summary>
/// A sign-in account of ASP.NET Core Identity, linked to the <see cref="Person"/> whose records it may use.
/// </summary>
/// <remarks>The user name is the person's handle; Identity stores the password only as its hash.</remarks>
public sealed class Account : IdentityUser<Guid>
{
    /// <summary>Name of the role that may import catalogs, read the audit log and export research data.</summary>
    public const string OperatorRole = "operator";

    /// <summary>The person this account acts for (one account per person).</summary>
    public Guid PersonId { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
