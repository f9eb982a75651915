using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Responds with a 404 ProblemDetails to a request that no route matches, and with a 400 ProblemDetails to one whose
/// id segment is no GUID. A known path called with the wrong method or content type gets a 405 or 415 ProblemDetails.
/// Without this middleware the authorization fallback policy, which applies to requests without an endpoint too,
/// would return 401 and tell the caller to sign in for a path that does not exist.
/// </summary>
internal static class UnmatchedRoutes
{
    /// <summary>Adds the middleware, which must run after routing and before authorization.</summary>
    public static IApplicationBuilder UseNotFoundForUnmatchedRoutes(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            Endpoint? endpoint = context.GetEndpoint();
            if (endpoint is not null && !IsRoutingRejection(endpoint))
            {
                await next(context);
                return;
            }

            if (endpoint is not null)
            {
                // The path exists, but not for this method or content type. Routing's own endpoint sets the 405 or
                // 415 status (and Allow), and the problem below names what to change.
                await endpoint.RequestDelegate!(context);
                int status = context.Response.StatusCode;
                RequestLogging.SetRejectionReason(context, status == StatusCodes.Status405MethodNotAllowed
                    ? "MethodNotAllowed"
                    : "UnsupportedMediaType");
                string detail = status == StatusCodes.Status405MethodNotAllowed
                    ? $"{context.Request.Path} does not accept {context.Request.Method}; use one of: {context.Response.Headers.Allow}."
                    : DescribeUnsupportedMediaType(context);
                await TypedResults.Problem(detail: detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status))
                    .ExecuteAsync(context);
                return;
            }

            if (DescribeMalformedId(context) is { } malformed)
            {
                RequestLogging.SetRejectionReason(context, "MalformedId");
                await TypedResults.Problem(detail: malformed, statusCode: StatusCodes.Status400BadRequest,
                        title: ReasonPhrases.GetReasonPhrase(StatusCodes.Status400BadRequest))
                    .ExecuteAsync(context);
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

    private static string DescribeUnsupportedMediaType(HttpContext context)
    {
        var request = context.Request;
        string rejection = $"{request.Method} {request.Path} does not accept the content type "
            + $"'{request.ContentType ?? "none"}'";
        var accepted = AcceptedContentTypes(context);
        return accepted.Count > 0
            ? $"{rejection}; send {string.Join(" or ", accepted)}, as /openapi/v1.json lists."
            : $"{rejection}; /openapi/v1.json lists the body each endpoint takes.";
    }

    /// <summary>
    /// Returns the content types that the endpoints for the request's path and method accept. Routing's 415
    /// endpoint carries none of them, so they are looked up among all endpoints.
    /// </summary>
    private static IReadOnlyList<string> AcceptedContentTypes(HttpContext context) =>
        MatchesIgnoringConstraints(context)
            .SelectMany(match => match.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Returns the problem of a request that an endpoint would take but for a <c>{name:guid}</c> segment that is no
    /// GUID, such as <c>GET /api/analyses/nope</c>, or null when no endpoint is that close.
    /// </summary>
    private static string? DescribeMalformedId(HttpContext context)
    {
        foreach (var (endpoint, values) in MatchesIgnoringConstraints(context))
        {
            foreach (var (name, policies) in endpoint.RoutePattern.ParameterPolicies)
            {
                bool takesGuid = policies.Any(policy => string.Equals(policy.Content, "guid", StringComparison.OrdinalIgnoreCase));
                if (takesGuid && values[name] is string value && !Guid.TryParse(value, out _))
                {
                    return $"'{value}' is not a valid {name} for {context.Request.Method} {endpoint.RoutePattern.RawText}: "
                        + "ids are GUIDs such as 0f8fad5b-d9cb-469f-a165-70867728950e; use one the API returned.";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the endpoints for the request's method whose route template matches its path when route constraints
    /// are ignored, each with the values the template takes from the path.
    /// </summary>
    private static IEnumerable<(RouteEndpoint Endpoint, RouteValueDictionary Values)> MatchesIgnoringConstraints(HttpContext context)
    {
        var request = context.Request;
        var endpoints = context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints;
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>();
            if (methods is not null && !methods.HttpMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            // TemplateMatcher ignores route constraints, which at worst adds the content types of a neighbouring
            // endpoint to a 415 problem.
            var values = new RouteValueDictionary();
            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), []);
            if (matcher.TryMatch(request.Path, values))
            {
                yield return (endpoint, values);
            }
        }
    }

    // Routing handles a known path with the wrong method or content type through an endpoint of its own that has no
    // route pattern and no metadata, so the authorization fallback policy would turn it into a 401.
    private static bool IsRoutingRejection(Endpoint endpoint) =>
        endpoint is not RouteEndpoint
        && endpoint.RequestDelegate is not null
        && endpoint.DisplayName is { } name
        && (name.StartsWith("405 ", StringComparison.Ordinal) || name.StartsWith("415 ", StringComparison.Ordinal));
}
