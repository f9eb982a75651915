using Microsoft.AspNetCore.WebUtilities;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Responds with a 404 ProblemDetails to a request that no route matches. Without it the authorization fallback
/// policy, which applies to requests without an endpoint too, would return 401 and tell the caller to sign in
/// for a path that does not exist.
/// </summary>
internal static class UnmatchedRoutes
{
    /// <summary>Adds the middleware, which must run after routing and before authorization.</summary>
    public static IApplicationBuilder UseNotFoundForUnmatchedRoutes(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not null)
            {
                await next(context);
                return;
            }

            RequestLogging.SetRejectionReason(context, "UnknownRoute");
            await TypedResults.Problem(
                    detail: $"No endpoint matches {context.Request.Method} {context.Request.Path}; "
                        + "/openapi/v1.json lists the API's endpoints.",
                    statusCode: StatusCodes.Status404NotFound,
                    title: ReasonPhrases.GetReasonPhrase(StatusCodes.Status404NotFound))
                .ExecuteAsync(context);
        });
}
