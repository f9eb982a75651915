using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Skinsight.Core;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Rejects a request whose query string names a parameter that the endpoint does not read, or names one twice. A
/// search with a misspelt filter, such as <c>limit</c> for <c>take</c>, would otherwise return unfiltered results
/// as if the filter had applied.
/// </summary>
/// <remarks>
/// The accepted names are the handler's parameters that minimal APIs bind from the query: those marked
/// <c>[FromQuery]</c>, and those of a simple type (text, number, bool, enum, id or date) with no other source
/// attribute that are not route values. Names compare case-insensitively, as query binding does. The filter runs
/// after binding, so a value that does not parse (<c>minPrice=abc</c>) is reported first.
/// </remarks>
internal static class QueryParameterCheck
{
    public static RouteHandlerBuilder RejectUnknownQueryParameters(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilterFactory((factoryContext, next) =>
        {
            string[] accepted = QueryParameterNames(factoryContext.MethodInfo);
            return invocationContext =>
            {
                HttpRequest request = invocationContext.HttpContext.Request;
                var unknown = request.Query.Keys
                    .Where(name => !accepted.Contains(name, StringComparer.OrdinalIgnoreCase)
                        && !request.RouteValues.ContainsKey(name))
                    .ToList();
                if (unknown.Count > 0)
                {
                    throw new UnknownQueryParameterException(unknown, accepted);
                }

                // Binding joins a repeated text value with commas, so q=serum&q=cream would search for "serum,cream".
                var repeated = request.Query.FirstOrDefault(pair => pair.Value.Count > 1);
                if (repeated.Key is not null)
                {
                    throw new InvalidInputException(
                        $"The query parameter '{Shorten(repeated.Key)}' is given {repeated.Value.Count} times; give it once, "
                        + "with a comma-separated value where it takes a list.");
                }

                return next(invocationContext);
            };
        });

    /// <summary>Cuts a name quoted back to 60 characters, so a huge query string does not fill the response.</summary>
    internal static string Shorten(string name) => name.Length > 60 ? name[..60] + "..." : name;

    /// <summary>Returns the names of the query parameters that <paramref name="handler"/> binds, in its order.</summary>
    internal static string[] QueryParameterNames(MethodInfo handler) =>
    [
        .. handler.GetParameters()
            .Select(p => (Parameter: p, FromQuery: p.GetCustomAttribute<FromQueryAttribute>()))
            .Where(p => p.FromQuery is not null || IsBoundFromQueryByDefault(p.Parameter))
            .Select(p => p.FromQuery?.Name ?? p.Parameter.Name!),
    ];

    private static bool IsBoundFromQueryByDefault(ParameterInfo parameter)
    {
        bool otherSource = parameter.GetCustomAttributes().Any(a => a is FromRouteAttribute or FromBodyAttribute
            or FromServicesAttribute or FromHeaderAttribute or FromFormAttribute or AsParametersAttribute);
        Type type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        bool simple = type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal)
            || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly);
        return !otherSource && simple;
    }
}

/// <summary>A query string that names parameters the endpoint does not read.</summary>
internal sealed class UnknownQueryParameterException(IReadOnlyList<string> unknown, IReadOnlyList<string> accepted)
    : InvalidInputException(Describe(unknown, accepted))
{
    /// <summary>The names the request sent that the endpoint does not read, in the order sent.</summary>
    public IReadOnlyList<string> Unknown { get; } = unknown;

    /// <summary>The names the endpoint reads.</summary>
    public IReadOnlyList<string> Accepted { get; } = accepted;

    private static string Describe(IReadOnlyList<string> unknown, IReadOnlyList<string> accepted)
    {
        string names = string.Join(", ", unknown.Select(n => $"'{QueryParameterCheck.Shorten(n)}'"));
        string subject = unknown.Count == 1 ? $"The query parameter {names} is" : $"The query parameters {names} are";
        string use = accepted.Count == 0 ? "this endpoint takes no query parameters" : "use " + string.Join(", ", accepted);
        return $"{subject} not known here; {use}.";
    }
}
