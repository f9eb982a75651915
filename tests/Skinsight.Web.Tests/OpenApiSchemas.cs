using System.Text.Json;

namespace Skinsight.Web.Tests;

/// <summary>Helpers that read schemas from the app's OpenAPI document (version 3.1, as ASP.NET Core 10 writes it).</summary>
internal static class OpenApiSchemas
{
    /// <summary>
    /// Returns the JSON request body schema of an operation, with a <c>$ref</c> resolved. A body that may be
    /// null is a <c>oneOf</c> of null and the reference, and then the reference's schema is returned.
    /// </summary>
    public static JsonElement RequestBody(JsonDocument document, string path, string method)
    {
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema");
        if (schema.TryGetProperty("oneOf", out var options))
        {
            schema = options.EnumerateArray().Single(option => option.TryGetProperty("$ref", out _));
        }

        return Resolve(document, schema);
    }

    /// <summary>Returns whether a property schema allows null, by a type list with "null" or a oneOf with a null option.</summary>
    public static bool AllowsNull(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Any(t => t.GetString() == "null")
                : type.GetString() == "null";
        }

        return schema.TryGetProperty("oneOf", out var options) && options.EnumerateArray().Any(AllowsNull);
    }

    private static JsonElement Resolve(JsonDocument document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        // A local reference such as #/components/schemas/DemographicsBody.
        var target = document.RootElement;
        foreach (string part in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(part);
        }

        return target;
    }
}
