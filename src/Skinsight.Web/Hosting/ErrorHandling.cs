using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Skinsight.Application.Privacy;
using Skinsight.Core;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Turns every exception into a ProblemDetails response in one place. Input the caller can fix becomes a 4xx
/// with the message that names the value. A 5xx raised as an <see cref="InvalidInputException"/>, such as a
/// missing setting, also keeps its message and is logged in one line without a stack trace.
/// Anything else is a 500 whose details are shown only in Development.
/// </summary>
internal sealed partial class ErrorHandling(IProblemDetailsService problems, IHostEnvironment environment,
    ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception,
        CancellationToken cancellationToken)
    {
        (int status, string title, string detail) = Classify(exception);
        if (status >= 500 && exception is not InvalidInputException)
        {
            LogUnexpected(exception, httpContext.Request.Path.Value ?? "");
            if (!environment.IsDevelopment())
            {
                detail = "An unexpected error occurred; the server log has the details.";
            }
        }
        else
        {
            LogRejected(httpContext.TraceIdentifier, status, detail);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is ConsentRequiredException consent)
        {
            // The page names the missing consent in its own words and points at the box to tick.
            problem.Extensions["consent"] = consent.Consent.Name;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    internal static (int Status, string Title, string Detail) Classify(Exception exception) => exception switch
    {
        InvalidInputException input => (input.StatusCode, TitleOf(input.StatusCode, "Invalid input"), input.Message),
        BadHttpRequestException { InnerException: JsonException json } => (400, "Invalid JSON", Describe(json)),
        BadHttpRequestException bad => (bad.StatusCode, TitleOf(bad.StatusCode, "Bad request"), bad.Message),
        JsonException json => (400, "Invalid JSON", Describe(json)),
        InvalidDataException data => (400, "Invalid request body", data.Message),
        _ => (500, "Internal server error", exception.Message),
    };

    /// <summary>
    /// Words for a body the JSON reader refused: the field it stopped at and what is wrong, without the .NET
    /// type names the reader's own message carries.
    /// </summary>
    private static string Describe(JsonException json)
    {
        if (UnknownMember().Match(json.Message) is { Success: true } unknown)
        {
            return $"The field '{unknown.Groups["name"].Value}' is not known here; check its spelling against "
                + "this endpoint's schema in /openapi/v1.json.";
        }

        string location = string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}";
        string problem = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? $"The value{location} has the wrong type"
            : $"The request body is not valid JSON{location}";
        return $"{problem}; check it against this endpoint's schema in /openapi/v1.json.";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnknownMember();

    private static string TitleOf(int status, string forBadRequest) =>
        status == StatusCodes.Status400BadRequest ? forBadRequest : ReasonPhrases.GetReasonPhrase(status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private partial void LogUnexpected(Exception exception, string path);

    // The request's own log line has the route, so this one gives the request id rather than the path, which
    // can contain ids.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected request {RequestId} with {Status}: {Detail}")]
    private partial void LogRejected(string requestId, int status, string detail);
}
