using Microsoft.AspNetCore.Http.Features;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Lowers the body limit of JSON requests from the upload limit to <see cref="WebHostOptions.MaxJsonBodyBytes"/>.
/// </summary>
/// <remarks>
/// Kestrel's limit applies to every request, and photo uploads need 40 MB. Without this, a JSON body of that size
/// would be read and parsed in full before any field check could reject it.
/// </remarks>
internal static class JsonBodyLimit
{
    public static IApplicationBuilder UseJsonBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // The feature is read-only once the body has been read, and absent on servers without a limit of their own.
        if (context.Request.HasJsonContentType()
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = WebHostOptions.MaxJsonBodyBytes;
        }

        return next(context);
    });

    /// <summary>Returns the detail of a 413 response: the limit that applied to the request and what to send.</summary>
    public static string DescribeTooLarge(HttpRequest request) => request.HasJsonContentType()
        ? $"The JSON body is larger than {WebHostOptions.MaxJsonBodyBytes / 1024} KB; send a smaller body, such as "
            + "shorter name lists in a questionnaire."
        : $"The request body is larger than {WebHostOptions.MaxUploadBytes / (1024 * 1024)} MB; send a smaller body, "
            + "such as a photo resized to at most 4000 px on its longest side.";
}
