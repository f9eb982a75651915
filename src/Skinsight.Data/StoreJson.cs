using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skinsight.Data;

/// <summary>The JSON settings of every JSON column, so that what one version writes the next can read.</summary>
public static class StoreJson
{
    /// <summary>camelCase names, enums as strings, NaN and infinities allowed.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a value written by <see cref="Serialize{T}"/>.</summary>
    /// <exception cref="StoreException">The column holds <c>null</c> or JSON that does not fit <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(string json, string column)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new StoreException($"The stored {column} is null; the row is damaged, so delete or re-create it.");
        }
        catch (JsonException ex)
        {
            throw new StoreException(
                $"The stored {column} is not valid JSON for {typeof(T).Name} ({ex.Message}); the row is damaged, so delete or re-create it.",
                ex);
        }
    }

    /// <summary>Returns the lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
