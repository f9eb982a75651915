using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Skinsight.Application.Privacy;
using Skinsight.Core;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Turns every exception into a ProblemDetails response in one place. Input the caller can fix becomes a 4xx
/// with the message that names the value. The response may quote what the person sent, such as a handle, so
/// a 4xx is not logged here: the request's own log line carries its reason category instead. A 5xx raised as an
/// <see cref="InvalidInputException"/>, such as a missing setting, keeps its message and is logged in one line
/// without a stack trace. Anything else is a 500 whose details are shown only in Development.
/// </summary>
internal sealed partial class ErrorHandling(IProblemDetailsService problems, IHostEnvironment environment,
    IOptions<HttpJsonOptions> jsonOptions, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception,
        CancellationToken cancellationToken)
    {
        (int status, string title, string detail) = Classify(exception);
        string reason = ReasonOf(exception);
        if (exception is BadHttpRequestException && DescribeMissingBody(httpContext) is { } missingBody)
        {
            (title, detail, reason) = ("Missing request body", missingBody, "MissingBody");
        }

        RequestLogging.SetRejectionReason(httpContext, reason);
        if (status >= 500 && exception is InvalidInputException)
        {
            // These describe the server's own setup, such as a missing key, and quote nothing from the request.
            LogServerProblem(httpContext.TraceIdentifier, status, detail);
        }
        else if (status >= 500)
        {
            LogUnexpected(exception, httpContext.TraceIdentifier);
            if (!environment.IsDevelopment())
            {
                detail = "An unexpected error occurred; the server log has the details.";
            }
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is ConsentRequiredException consent)
        {
            // The page names the missing consent in its own words and points at the box to tick.
            problem.Extensions["consent"] = consent.Consent.Name;
        }

        if (exception is UnknownQueryParameterException query)
        {
            problem.Extensions["unknownParameters"] = query.Unknown;
            problem.Extensions["acceptedParameters"] = query.Accepted;
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
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => (
            bad.StatusCode,
            TitleOf(bad.StatusCode, "Bad request"),
            $"{bad.Message.TrimEnd('.')}; send a smaller body. JSON bodies may be at most "
            + $"{WebHostOptions.MaxJsonBodyBytes / 1024} KB, and a photo resized to at most 4000 px on its longest side fits the upload limit."),
        BadHttpRequestException bad when BindingFailure().Match(bad.Message) is { Success: true } binding => (
            bad.StatusCode,
            TitleOf(bad.StatusCode, "Bad request"),
            DescribeBinding(binding.Groups["type"].Value, binding.Groups["name"].Value, binding.Groups["value"].Value)),
        BadHttpRequestException bad => (bad.StatusCode, TitleOf(bad.StatusCode, "Bad request"), bad.Message),
        JsonException json => (400, "Invalid JSON", Describe(json)),
        InvalidDataException data => (400, "Invalid request body", data.Message),
        _ => (500, "Internal server error", exception.Message),
    };

    /// <summary>Words for a route or query value that does not parse as its parameter's type, with the form to use.</summary>
    private static string DescribeBinding(string type, string name, string value)
    {
        // The message names nullable parameters as Nullable<T> (or T?), and the form is that of T.
        string baseType = type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type.TrimEnd('?');
        string expected = baseType switch
        {
            "bool" => "true or false",
            "int" or "long" => "a whole number",
            "decimal" or "double" or "float" => "a number such as 12.5",
            "Guid" => "an id such as 3f2b8c1e-0d4a-4c6e-9a7b-1c2d3e4f5a6b",
            "DateTimeOffset" or "DateTime" or "DateOnly" => "a date such as 2026-12-05",
            _ => $"a valid {baseType}",
        };
        return $"The value '{value}' of '{name}' is invalid; use {expected}.";
    }

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

        if (MissingMembers().Match(json.Message) is { Success: true } missing)
        {
            // System.Text.Json 10 lists the JSON names in quotes and stops after about 60 characters, so a long
            // list is cut short, and the detail points at the schema for the rest.
            string names = string.Join(", ", QuotedName().Matches(missing.Groups["names"].Value).Select(m => m.Value));
            return $"The required fields {names} are missing; send every required field of this endpoint's schema "
                + "in /openapi/v1.json, with null for a value left empty where the schema allows null.";
        }

        string location = string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}";
        string problem = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? $"The value{location} has the wrong type"
            : $"The request body is not valid JSON{location}";
        return $"{problem}; check it against this endpoint's schema in /openapi/v1.json.";
    }

    /// <summary>
    /// Returns the rejection reason for the request log: the exception's type without its "Exception" suffix,
    /// such as <c>AccountTaken</c>. A type name never contains request data, unlike the message.
    /// </summary>
    internal static string ReasonOf(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException } or JsonException => "InvalidJson",
        BadHttpRequestException => "BadRequest",
        InvalidDataException => "InvalidBody",
        InvalidInputException => TrimSuffix(exception.GetType().Name, nameof(Exception)),
        _ => "UnhandledException",
    };

    private static string TrimSuffix(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length ? name[..^suffix.Length] : name;

    /// <summary>
    /// Returns the detail for a request without a body to an endpoint that reads a JSON body. The detail names
    /// the fields the endpoint expects. Returns null when the request has a body or the endpoint reads none.
    /// </summary>
    private string? DescribeMissingBody(HttpContext context)
    {
        var request = context.Request;
        bool hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        var endpoint = RequestLogging.MatchedEndpoint(context);
        var accepts = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (hasBody || endpoint is null || accepts?.RequestType is not { } bodyType
            || !accepts.ContentTypes.Any(type => type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return $"The request body is missing; {request.Method} {endpoint.RoutePattern.RawText} expects a JSON "
            + $"object of the form {JsonShape.Describe(bodyType, jsonOptions.Value.SerializerOptions)} "
            + "(the schema is in /openapi/v1.json).";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnknownMember();

    [System.Text.RegularExpressions.GeneratedRegex(@"^JSON deserialization for type '[^']*' was missing required properties[^:]*: (?<names>.*)$")]
    private static partial System.Text.RegularExpressions.Regex MissingMembers();

    [System.Text.RegularExpressions.GeneratedRegex("'[^']*'")]
    private static partial System.Text.RegularExpressions.Regex QuotedName();

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" from \"(?<value>[^\"]*)\"\\.?$")]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();

    private static string TitleOf(int status, string forBadRequest) =>
        status == StatusCodes.Status400BadRequest ? forBadRequest : ReasonPhrases.GetReasonPhrase(status);

    // The request's own log line has the route, so these give the request id rather than the path, which can
    // contain ids.
    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in request {RequestId}")]
    private partial void LogUnexpected(Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} failed with {Status}: {Detail}")]
    private partial void LogServerProblem(string requestId, int status, string detail);
}
