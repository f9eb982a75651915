using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Requires an antiforgery token on every POST, PUT, PATCH and DELETE request that the sign-in cookie
/// authenticates. Requests authenticated by an API token and anonymous requests are not checked, because a
/// browser does not add a bearer token to a request that another site starts.
/// </summary>
/// <remarks>
/// The token comes from <c>GET /api/antiforgery</c>, which also sets the antiforgery cookie that it is paired
/// with. It is bound to the signed-in account, so the page fetches a new one after signing in or out.
/// </remarks>
internal static class AntiforgeryCheck
{
    /// <summary>The request header that carries the antiforgery token.</summary>
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>Name of the cookie half of the token pair.</summary>
    public const string CookieName = "skinsight.csrf";

    public const string MissingDetail = "The request is signed in by cookie but its antiforgery token is missing or "
        + "invalid; GET /api/antiforgery and send the returned token in the " + HeaderName + " header.";

    public static IServiceCollection AddSkinsightAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(options =>
        {
            options.HeaderName = HeaderName;
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

    /// <summary>Adds the check, which must run after authentication so that the signed-in account is known.</summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (RequiresToken(context))
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    RequestLogging.SetRejectionReason(context, "AntiforgeryTokenInvalid");
                    await TypedResults.Problem(
                            detail: MissingDetail,
                            statusCode: StatusCodes.Status400BadRequest,
                            title: ReasonPhrases.GetReasonPhrase(StatusCodes.Status400BadRequest))
                        .ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });

    private static bool RequiresToken(HttpContext context)
    {
        string method = context.Request.Method;
        bool safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || HttpMethods.IsTrace(method);
        return !safe
            && context.User.Identity is { IsAuthenticated: true } identity
            && identity.AuthenticationType != ApiTokenHandler.SchemeName;
    }
}
