using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Skinsight.Application.Composition;
using Skinsight.Data.Entities;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> with an API token a person created. The token's SHA-256 is
/// looked up among the valid tokens, so the secret itself is never stored or compared.
/// </summary>
internal sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, SkinsightServices services, UserManager<Account> users,
    IUserClaimsPrincipalFactory<Account> claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>Prefix of every token, so a leaked one is recognisable in logs and scanners.</summary>
    public const string TokenPrefix = "sks_";

    /// <summary>Problem detail of a 401 for a bearer token that matches no valid token.</summary>
    public const string UnknownTokenDetail =
        "The API token is unknown or revoked; sign in and create a new one with POST /api/account/tokens.";

    /// <summary>Creates a new random secret with <see cref="TokenPrefix"/>: 32 random bytes, base64url.</summary>
    public static string NewSecret() => TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Returns the lower-case hex SHA-256 of a secret, the form the store keeps.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        string secret = header["Bearer ".Length..].Trim();
        var token = await services.Store.FindValidApiTokenAsync(Hash(secret), Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail(UnknownTokenDetail);
        }

        var account = await users.FindByIdAsync(token.AccountId.ToString());
        if (account is null || await users.IsLockedOutAsync(account))
        {
            return AuthenticateResult.Fail("The account of the API token is missing or locked out.");
        }

        var principal = await claims.CreateAsync(account);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim("skinsight:token", token.Id.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is { } failure)
        {
            await AuthProblems.WriteTokenRejectedAsync(Context, failure.Message);
        }
        else
        {
            await AuthProblems.WriteUnauthorizedAsync(Context);
        }
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteForbiddenAsync(Context);

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
