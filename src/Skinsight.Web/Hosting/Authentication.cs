using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Skinsight.Application.Accounts;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Sign-in for the web host: Identity's cookie for the page, bearer API tokens for integrations. Every endpoint
/// requires a signed-in person unless it allows anonymous callers explicitly.
/// </summary>
internal static class Authentication
{
    /// <summary>The policy that admits only accounts with the operator role.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Name of the sign-in cookie.</summary>
    public const string CookieName = "skinsight.auth";

    private const string SelectorScheme = "CookieOrToken";

    public static void AddSkinsightAuthentication(this IServiceCollection services, SkinsightStore store)
    {
        services.AddSkinsightIdentity(store)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SelectorScheme;
                options.DefaultChallengeScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Cookie or API token", policy => policy.ForwardDefaultSelector =
                context => context.Request.Headers.Authorization.ToString()
                    .StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            // Strict keeps the cookie off requests started by other sites.
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            // An API returns 401 and 403 ProblemDetails rather than redirecting to a login page.
            cookie.Events.OnRedirectToLogin = context => AuthProblems.WriteUnauthorizedAsync(context.HttpContext);
            cookie.Events.OnRedirectToAccessDenied = context => AuthProblems.WriteForbiddenAsync(context.HttpContext);
        });

        // Identity's cookie handler compares the cookie's security stamp with the stored one. Checking on every
        // request, rather than every 30 minutes by default, makes a cookie stop working at once after sign-out.
        services.Configure<SecurityStampValidatorOptions>(validator => validator.ValidationInterval = TimeSpan.Zero);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Account.OperatorRole));
    }
}
