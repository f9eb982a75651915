using System.Security.Claims;
using Skinsight.Core;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Says which person a request acts for: the person of the signed-in account, by cookie or API token. Every
/// endpoint that reads or writes personal records calls this, and nothing else.
/// </summary>
internal static class CurrentPerson
{
    /// <summary>Returns the id of the person the request acts for.</summary>
    /// <exception cref="SignInRequiredException">The request is not signed in.</exception>
    public static Task<Guid> GetIdAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Find(context.User) ?? throw new SignInRequiredException());
    }

    /// <summary>Returns the person id of <paramref name="user"/>, or null when it is not signed in.</summary>
    public static Guid? Find(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            && Guid.TryParse(user.FindFirstValue(SkinsightClaims.PersonId), out var id)
            ? id
            : null;
}

/// <summary>A personal endpoint was reached without a signed-in person.</summary>
internal sealed class SignInRequiredException()
    : InvalidInputException(AuthProblems.SignInDetail)
{
    public override int StatusCode => StatusCodes.Status401Unauthorized;
}
