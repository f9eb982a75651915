using Microsoft.AspNetCore.WebUtilities;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Writes the ProblemDetails of a request that authentication or authorization refused. The cookie and API-token
/// handlers both use it, and <see cref="SignInRequiredException"/> carries the same detail, so every protected
/// endpoint refuses in one shape.
/// </summary>
internal static class AuthProblems
{
    public const string SignInDetail = "Sign in first: POST /api/account/signin, or send 'Authorization: Bearer TOKEN'.";

    // The operator policy is the only one that signed-in accounts can fail.
    public const string ForbiddenDetail = "The signed-in account may not use this endpoint: it needs the operator role, "
        + "which 'skinsight user grant-operator HANDLE' gives.";

    /// <summary>Writes a 401 ProblemDetails naming how to sign in, with a WWW-Authenticate header.</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        RequestLogging.SetRejectionReason(context, "SignInRequired");
        return WriteAsync(context, StatusCodes.Status401Unauthorized, SignInDetail);
    }

    /// <summary>
    /// Writes a 401 ProblemDetails for a bearer token that was sent but not accepted, with the handler's reason in
    /// place of the sign-in hint, because the client did try to authenticate.
    /// </summary>
    public static Task WriteTokenRejectedAsync(HttpContext context, string reason)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        RequestLogging.SetRejectionReason(context, "ApiTokenRejected");
        return WriteAsync(context, StatusCodes.Status401Unauthorized, reason);
    }

    /// <summary>Writes a 403 ProblemDetails for a signed-in account that lacks the permission.</summary>
    public static Task WriteForbiddenAsync(HttpContext context)
    {
        RequestLogging.SetRejectionReason(context, "OperatorRoleRequired");
        return WriteAsync(context, StatusCodes.Status403Forbidden, ForbiddenDetail);
    }

    // ProblemHttpResult falls back to plain JSON when the ProblemDetails service declines the Accept header, so
    // a browser asking for HTML gets the same body as an API client.
    private static Task WriteAsync(HttpContext context, int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status))
            .ExecuteAsync(context);
}
