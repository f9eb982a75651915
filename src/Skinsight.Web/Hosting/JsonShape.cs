using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Skinsight.Web.Hosting;

/// <summary>Describes the JSON object a type binds from, for error messages: <c>{ "handle": string, ... }</c>.</summary>
internal static class JsonShape
{
    /// <summary>
    /// Returns the object's property names, as the serializer options spell them, each with its JSON kind.
    /// Nested objects are named <c>object</c> rather than expanded, so the text stays one short line.
    /// </summary>
    public static string Describe(Type type, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var typeInfo = options.GetTypeInfo(type);
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Properties.Count == 0)
        {
            return KindOf(type);
        }

        var fields = typeInfo.Properties.Select(property => $"\"{property.Name}\": {KindOf(property.PropertyType)}");
        return $"{{ {string.Join(", ", fields)} }}";
    }

    private static string KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "number";
        }

        if (type == typeof(string) || type == typeof(char) || type.IsEnum || type == typeof(Guid) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(TimeSpan))
        {
            return "string";
        }

        return typeof(IEnumerable).IsAssignableFrom(type) && !typeof(IDictionary).IsAssignableFrom(type)
            ? "array"
            : "object";
    }
}
