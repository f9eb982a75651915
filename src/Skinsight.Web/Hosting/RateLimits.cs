using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Per-client rate limits (ASP.NET Core's rate limiter, fixed windows keyed by the remote address) on photo
/// uploads, on sign-up and sign-in, and on the export and erasure of personal data. A rejected request gets a 429 ProblemDetails with
/// Retry-After.
/// </summary>
internal static class RateLimits
{
    /// <summary>Policy of endpoints that take an upload and run analysis or an import.</summary>
    public const string Uploads = "uploads";

    /// <summary>Policy of endpoints that read out or erase all of a person's data.</summary>
    public const string Sensitive = "sensitive";

    /// <summary>Policy of sign-up and sign-in.</summary>
    public const string SignIns = "sign-ins";

    // The partition of requests that no policy counts. Its key differs from every client address, because the
    // limiter keeps the first partition it made for a key.
    private const string UncountedPartition = "uncounted";

    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Counts a request to the endpoint against its rate limit policy only when <paramref name="isCounted"/>
    /// returns true. Use it for requests the handler rejects with a 400 before any of the limited work, such as
    /// an erasure without confirm=yes, so that they do not use up the client's budget.
    /// </summary>
    public static TBuilder CountOnlyWhen<TBuilder>(this TBuilder builder, Func<HttpRequest, bool> isCounted)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CountedRequests(isCounted));

    public static IServiceCollection AddSkinsightRateLimits(this IServiceCollection services, WebHostOptions options)
    {
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Uploads, context => Partition(context, options.UploadsPerMinute));
            limiter.AddPolicy(Sensitive, context => Partition(context, options.SensitiveRequestsPerMinute));
            limiter.AddPolicy(SignIns, context => Partition(context, options.SignInsPerMinute));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                RequestLogging.SetRejectionReason(http, "RateLimited");
                http.Response.Headers.RetryAfter = ((int)s_window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        // ASP.NET Core 10 fills in the type of most 4xx statuses, but not of 429.
                        Type = "https://tools.ietf.org/html/rfc6585#section-4",
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This client sent more than the allowed requests per minute to {http.Request.Path}; wait {s_window.TotalSeconds:F0} seconds and retry.",
                    },
                });
            };
        });
    }

    /// <summary>
    /// A fixed window per remote address. A limit of 0 or less turns the policy off, and a request that the
    /// endpoint's <see cref="CountOnlyWhen"/> test leaves out is not counted.
    /// </summary>
    private static RateLimitPartition<string> Partition(HttpContext context, int permitsPerMinute)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CountedRequests>() is { } counted
            && !counted.IsCounted(context.Request))
        {
            return RateLimitPartition.GetNoLimiter(UncountedPartition);
        }

        string client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (permitsPerMinute <= 0)
        {
            return RateLimitPartition.GetNoLimiter(client);
        }

        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = s_window,
            QueueLimit = 0,
        });
    }

    /// <summary>Endpoint metadata of <see cref="CountOnlyWhen"/>.</summary>
    private sealed record CountedRequests(Func<HttpRequest, bool> IsCounted);
}
