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

    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

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
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This client sent more than the allowed requests per minute to {http.Request.Path}; wait {s_window.TotalSeconds:F0} seconds and retry.",
                    },
                });
            };
        });
    }

    /// <summary>A fixed window per remote address; a limit of 0 or less turns the policy off.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context, int permitsPerMinute)
    {
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
}
