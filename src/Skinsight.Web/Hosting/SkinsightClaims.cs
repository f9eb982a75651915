using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Skinsight.Data.Entities;

namespace Skinsight.Web.Hosting;

/// <summary>Claim types Skinsight adds to a signed-in principal.</summary>
internal static class SkinsightClaims
{
    /// <summary>Id of the <see cref="Person"/> the account acts for.</summary>
    public const string PersonId = "skinsight:person";
}

/// <summary>Adds the person id to the claims Identity puts in the sign-in cookie.</summary>
internal sealed class AccountClaimsFactory(UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SkinsightClaims.PersonId, user.PersonId.ToString()));
        return identity;
    }
}
