using System.Diagnostics;
using System.Text.RegularExpressions;
using Skinsight.Application.Composition;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Writes one structured log line per request: request id, method, route template, status, duration and the
/// acting person as a keyed pseudonym. The route template is logged rather than the path, so ids and query
/// strings stay out of the log.
/// </summary>
/// <remarks>
/// A caller may send <c>X-Request-Id</c> (letters, digits, '.', '_' and '-', at most 64) to correlate its own
/// logs. Otherwise the server's trace identifier is used. Either way the id is echoed in the response header.
/// </remarks>
internal sealed partial class RequestLogging
{
    public const string HeaderName = "X-Request-Id";

    // The exception handler clears the endpoint before it writes the error, so the route is kept here.
    private static readonly object s_routeKey = new();

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
                string route = context.Items[s_routeKey] as string
                    ?? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText
                    ?? "(no route)";
                string person = CurrentPerson.Find(context.User) is { } id ? services.Store.Keys.LogPseudonym(id) : "-";
                LogRequest(logger, requestId, context.Request.Method, route, context.Response.StatusCode,
                    Math.Round(milliseconds, 1), person);
            }
        });
    }

    /// <summary>Adds the middleware that notes the matched route template; it must run right after routing.</summary>
    public static IApplicationBuilder UseRouteCapture(IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            context.Items[s_routeKey] = endpoint.RoutePattern.RawText;
        }

        return next(context);
    });

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{RequestId} {Method} {Route} {Status} in {DurationMs} ms for {Person}")]
    private static partial void LogRequest(ILogger logger, string requestId, string method, string route, int status,
        double durationMs, string person);
}
