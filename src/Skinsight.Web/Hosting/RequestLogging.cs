using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Skinsight.Application.Composition;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Writes one structured log line per request: request id, method, route template, status, duration and the
/// acting person as a keyed pseudonym. The route template is logged rather than the path, so ids and query
/// strings stay out of the log. A request that ends with a 4xx or 5xx status is logged as a warning with its
/// rejection reason, a fixed category such as <c>AccountTaken</c> rather than the response's detail, because
/// the detail may quote what the person typed.
/// </summary>
/// <remarks>
/// A caller may send <c>X-Request-Id</c> (letters, digits, '.', '_' and '-', at most 64) to correlate its own
/// logs. Otherwise the server's trace identifier is used. Either way the id is echoed in the response header.
/// </remarks>
internal sealed partial class RequestLogging
{
    public const string HeaderName = "X-Request-Id";

    // The exception handler clears the endpoint before it writes the error, so the endpoint is kept here.
    private static readonly object s_routeKey = new();

    private static readonly object s_reasonKey = new();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SafeRequestId();

    /// <summary>Adds the middleware. It must run first, so that the logged status is the one the error handler set.</summary>
    public static IApplicationBuilder UseRequestLogging(IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILogger<RequestLogging>>();
        var services = app.ApplicationServices.GetRequiredService<SkinsightServices>();
        return app.Use(async (context, next) =>
        {
            string offered = context.Request.Headers[HeaderName].ToString();
            string requestId = SafeRequestId().IsMatch(offered) ? offered : context.TraceIdentifier;
            context.TraceIdentifier = requestId;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = requestId;
                return Task.CompletedTask;
            });

            long started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                string route = MatchedEndpoint(context)?.RoutePattern.RawText ?? "(no route)";
                string person = CurrentPerson.Find(context.User) is { } id ? services.Store.Keys.LogPseudonym(id) : "-";
                int status = context.Response.StatusCode;
                if (status >= 400)
                {
                    LogRejectedRequest(logger, requestId, context.Request.Method, route, status, ReasonOf(context),
                        Math.Round(milliseconds, 1), person);
                }
                else
                {
                    LogRequest(logger, requestId, context.Request.Method, route, status, Math.Round(milliseconds, 1),
                        person);
                }
            }
        });
    }

    /// <summary>
    /// Records why the request was rejected, for its log line. <paramref name="reason"/> must be a fixed
    /// category (an exception type or a constant), never text that contains request data.
    /// </summary>
    public static void SetRejectionReason(HttpContext context, string reason) => context.Items[s_reasonKey] = reason;

    // A rejection that no handler named, such as a 405 from routing, is logged with its status's reason phrase.
    private static string ReasonOf(HttpContext context) =>
        context.Items[s_reasonKey] as string
            ?? ReasonPhrases.GetReasonPhrase(context.Response.StatusCode).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Adds the middleware that notes the matched endpoint; it must run right after routing.</summary>
    public static IApplicationBuilder UseRouteCapture(IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            context.Items[s_routeKey] = endpoint;
        }

        return next(context);
    });

    /// <summary>
    /// Returns the endpoint that routing matched, also after the exception handler has cleared it from the
    /// context; null when no route matched.
    /// </summary>
    public static RouteEndpoint? MatchedEndpoint(HttpContext context) =>
        context.Items[s_routeKey] as RouteEndpoint ?? context.GetEndpoint() as RouteEndpoint;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{RequestId} {Method} {Route} {Status} in {DurationMs} ms for {Person}")]
    private static partial void LogRequest(ILogger logger, string requestId, string method, string route, int status,
        double durationMs, string person);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{RequestId} {Method} {Route} {Status} {Reason} in {DurationMs} ms for {Person}")]
    private static partial void LogRejectedRequest(ILogger logger, string requestId, string method, string route,
        int status, string reason, double durationMs, string person);
}
