using Microsoft.AspNetCore.Http.Features;
using Skinsight.Application.Composition;
using Skinsight.Core.Serialization;
using Skinsight.Web.Endpoints;

namespace Skinsight.Web.Hosting;

/// <summary>Builds the Skinsight web application: API, OpenAPI document, page, ProblemDetails for every error.</summary>
public static class SkinsightWebApp
{
    /// <summary>Opens the store and builds the application; the caller runs and disposes it.</summary>
    public static async Task<WebApplication> CreateAsync(WebHostOptions options, string[]? args = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(args ?? []);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = WebHostOptions.MaxUploadBytes);
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = WebHostOptions.MaxUploadBytes);
        builder.Services.ConfigureHttpJsonOptions(json => SkinsightJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ErrorHandling>();
        builder.Services.AddOpenApi();
        configure?.Invoke(builder);

        var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
        var services = await SkinsightServices.OpenAsync(options.DatabaseSpec, loggerFactory);
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton(new OverlayStore(options.OverlayDirectory));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapPage();
        app.MapHealth();
        app.MapAnalyses();
        app.MapPlans();
        app.MapCatalog();
        return app;
    }
}
