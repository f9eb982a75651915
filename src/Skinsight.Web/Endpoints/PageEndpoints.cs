using System.Reflection;

namespace Skinsight.Web.Endpoints;

/// <summary>
/// Serves the single web page, its script, style sheet and icon from embedded resources, to GET and HEAD requests.
/// </summary>
internal static class PageEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] s_files =
    [
        ("/", "page/index.html", "text/html; charset=utf-8"),
        ("/app.js", "page/app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "page/app.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "page/favicon.svg", "image/svg+xml"),
    ];

    public static IEndpointRouteBuilder MapPage(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in s_files)
        {
            byte[] content = ReadResource(resource);
            app.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], () => Results.Bytes(content, contentType))
                .ExcludeFromDescription()
                .AllowAnonymous();
        }

        return app;
    }

    private static byte[] ReadResource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded page file {name} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
