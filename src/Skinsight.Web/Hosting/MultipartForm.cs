using Microsoft.OpenApi;

namespace Skinsight.Web.Hosting;

/// <summary>The kind of one field of a multipart/form-data request.</summary>
internal enum MultipartFieldKind
{
    /// <summary>A file, such as a photo.</summary>
    File,

    /// <summary>JSON text of the object that the endpoint's application/json body takes.</summary>
    Json,
}

/// <summary>One field of a multipart/form-data request, as the OpenAPI document names it.</summary>
internal sealed record MultipartField(string Name, MultipartFieldKind Kind, bool Required, string Description);

/// <summary>
/// Endpoint metadata naming the fields of the multipart/form-data body that an endpoint reads from the form
/// itself. Without it the OpenAPI document describes that body as one bare file or as the JSON object, and a
/// generated client cannot know the field names.
/// </summary>
internal sealed class MultipartForm(IReadOnlyList<MultipartField> fields)
{
    public IReadOnlyList<MultipartField> Fields { get; } = fields;

    /// <summary>
    /// Replaces the schema of the multipart/form-data body of each operation whose endpoint carries this metadata
    /// with an object that has one property per field.
    /// </summary>
    public static void AddTransformer(Microsoft.AspNetCore.OpenApi.OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var form = context.Description.ActionDescriptor.EndpointMetadata.OfType<MultipartForm>().FirstOrDefault();
            if (form is not null && operation.RequestBody?.Content is { } content
                && content.TryGetValue("multipart/form-data", out OpenApiMediaType? multipart))
            {
                IOpenApiSchema? jsonBody = content.TryGetValue("application/json", out OpenApiMediaType? json) ? json.Schema : null;
                Describe(multipart, form.Fields, jsonBody);
            }

            return Task.CompletedTask;
        });

    private static void Describe(OpenApiMediaType multipart, IReadOnlyList<MultipartField> fields, IOpenApiSchema? jsonBody)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            Required = new HashSet<string>(StringComparer.Ordinal),
        };
        multipart.Encoding = new Dictionary<string, OpenApiEncoding>(StringComparer.Ordinal);
        foreach (MultipartField field in fields)
        {
            if (field.Kind == MultipartFieldKind.Json)
            {
                // An object part of a multipart body is JSON by default; the encoding states it for readers that skip defaults.
                schema.Properties[field.Name] = jsonBody ?? new OpenApiSchema { Type = JsonSchemaType.String, Description = field.Description };
                multipart.Encoding[field.Name] = new OpenApiEncoding { ContentType = "application/json" };
            }
            else
            {
                schema.Properties[field.Name] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    Description = field.Description,
                };
            }

            if (field.Required)
            {
                schema.Required.Add(field.Name);
            }
        }

        multipart.Schema = schema;
    }
}

/// <summary>Declares the multipart/form-data fields an endpoint reads.</summary>
internal static class MultipartFormExtensions
{
    public static RouteHandlerBuilder AcceptsMultipart(this RouteHandlerBuilder builder, params MultipartField[] fields) =>
        builder.WithMetadata(new MultipartForm(fields));
}
