namespace Skinsight.Web.Hosting;

/// <summary>Adds the response headers that keep the page from loading other sites' content or being framed.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Content Security Policy of every response: the page, its script, style sheet and overlay images all come
    /// from this origin, so no other source is allowed, and no site may frame the page.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });
}
