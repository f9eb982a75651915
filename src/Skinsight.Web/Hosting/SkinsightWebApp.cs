using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Skinsight.Application.Composition;
using Skinsight.Core.Serialization;
using Skinsight.Web.Endpoints;

namespace Skinsight.Web.Hosting;

/// <summary>Builds the Skinsight web application: API, OpenAPI document, page, ProblemDetails for every error.</summary>
public static class SkinsightWebApp
{
    /// <summary>Folder inside the key folder that contains the data protection keys of cookies and antiforgery tokens.</summary>
    public const string DataProtectionFolderName = "data-protection";

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
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // Routing rejects a body whose content type an endpoint does not accept before any handler runs,
            // so the reason and the fix are added here.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType
                && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Detail =
                    $"Content type '{context.HttpContext.Request.ContentType ?? "none"}' is not accepted by "
                    + $"{context.HttpContext.Request.Path}; /openapi/v1.json lists the body each endpoint takes.";
            }

            // Kestrel rejects a body over the limit while the endpoint reads it, and no exception reaches
            // ErrorHandling, so the limit and the fix are added here.
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge
                && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Detail = JsonBodyLimit.DescribeTooLarge(context.HttpContext.Request);
            }
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (options.JsonLogs)
        {
            // Only the JSON lines go to the console, so a log collector reads nothing else there.
            builder.Logging.ClearProviders();
        }

        AddConsoleLogging(builder.Logging, options.JsonLogs);

        builder.Services.AddExceptionHandler<ErrorHandling>();
        builder.Services.AddSkinsightOpenApi();
        builder.Services.AddSkinsightRateLimits(options);
        // Binding failures (e.g. maxPrice=abc) become BadHttpRequestException, which ErrorHandling turns into
        // a ProblemDetails that names the parameter and the value.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        configure?.Invoke(builder);

        var loggerFactory = LoggerFactory.Create(logging => AddConsoleLogging(logging, options.JsonLogs));
        string? dataFolder = options.ReferenceDataFolder ?? builder.Configuration[WebHostOptions.DataFolderSetting];
        var services = await SkinsightServices.OpenAsync(options.DatabaseSpec, loggerFactory, options.KeyFolder, dataFolder);
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton(new OverlayStore(options.OverlayDirectory, services.Store.Keys));
        builder.Services.AddSkinsightAuthentication(services.Store);

        // Sign-in cookies and antiforgery tokens are protected with ASP.NET Core's data protection keys. They are
        // kept in the key folder, which every instance of one deployment shares, so a cookie issued by one
        // instance is accepted by the others.
        builder.Services.AddDataProtection()
            .SetApplicationName("Skinsight")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(services.Store.Keys.Folder, DataProtectionFolderName)));
        AddJobWorkers(builder.Services, options, services);
        builder.Services.AddSkinsightAntiforgery();

        var app = builder.Build();
        RequestLogging.UseRequestLogging(app);
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseJsonBodyLimit();
        app.UseRouting();
        RequestLogging.UseRouteCapture(app);
        app.UseAuthentication();
        // After authentication, so the request log names the signed-in person of a request to an unknown path too.
        app.UseNotFoundForUnmatchedRoutes();
        // The audit log sits before authorization, so refused attempts (401, 403) are recorded too.
        app.UseAuditLog();
        app.UseAuthorization();
        app.UseCookieAntiforgery();
        app.UseRateLimiter();
        app.MapOpenApi().AllowAnonymous();
        app.MapPage();
        app.MapHealth();
        app.MapAccounts();
        app.MapConsents();
        app.MapAnalyses();
        app.MapPlans();
        app.MapHistory();
        app.MapQuestionnaire();
        app.MapCatalog();
        app.MapResearch();
        app.MapAudit();
        app.MapCheckIns();
        app.MapProgress();
        app.MapExperiments();
        app.MapModels(options.ModelFolder);
        app.MapPersonalData();
        app.MapJobs();
        return app;
    }

    /// <summary>
    /// Adds the console logger, as plain text or as one JSON object per line, and stamps every line with its UTC
    /// time in ISO 8601 form, such as 2026-03-02T08:00:00.123Z.
    /// </summary>
    internal static void AddConsoleLogging(ILoggingBuilder logging, bool json)
    {
        if (json)
        {
            logging.AddJsonConsole(console =>
            {
                console.IncludeScopes = false;
                console.TimestampFormat = TimestampFormat;
                console.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                // The plain format puts the stamp right before the level, so it ends with a space.
                console.TimestampFormat = TimestampFormat + " ";
                console.UseUtcTimestamp = true;
            });
        }
    }

    // Every separator is quoted, because ':' and '/' in a .NET format string mean the current culture's separators.
    private const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    private static void AddJobWorkers(IServiceCollection serviceCollection, WebHostOptions options, SkinsightServices services)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Workers);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.JobPollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.JobLease, TimeSpan.Zero);
        if (options.Workers > 0)
        {
            serviceCollection.AddHostedService(provider =>
                new JobWorkers(
                    services.Jobs,
                    options,
                    provider.GetRequiredService<OverlayStore>(),
                    provider.GetRequiredService<ILogger<JobWorkers>>()));
        }
    }
}
