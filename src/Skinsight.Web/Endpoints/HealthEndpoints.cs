using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Skinsight.Application.Composition;

namespace Skinsight.Web.Endpoints;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithSummary("Liveness: the process is up.")
            .AllowAnonymous();

        app.MapGet("/health/ready", GetReadinessAsync)
            .WithName("GetReadiness")
            .WithSummary("Readiness: the store answers queries.")
            .ProducesProblem(503)
            .AllowAnonymous();

        // Load balancers and uptime monitors often probe with HEAD. These respond like GET, without the body. They
        // stay out of the OpenAPI document, which would otherwise list each operation twice.
        app.MapMethods("/health", [HttpMethods.Head], GetHealth)
            .WithoutResponseBody()
            .ExcludeFromDescription()
            .AllowAnonymous();
        app.MapMethods("/health/ready", [HttpMethods.Head], GetReadinessAsync)
            .WithoutResponseBody()
            .ExcludeFromDescription()
            .AllowAnonymous();
        return app;
    }

    // Kestrel drops the body of a HEAD response by itself, but the in-memory test server sends it, so the body
    // is written to a null stream here.
    private static RouteHandlerBuilder WithoutResponseBody(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var features = context.HttpContext.Features;
            features.Set<IHttpResponseBodyFeature>(
                new StreamResponseBodyFeature(Stream.Null, features.GetRequiredFeature<IHttpResponseBodyFeature>()));
            return await next(context);
        });

    private static Ok<HealthStatus> GetHealth() => TypedResults.Ok(new HealthStatus("ok"));

    private static async Task<IResult> GetReadinessAsync(SkinsightServices services, CancellationToken cancellationToken)
    {
        try
        {
            int products = await services.Store.CountProductsAsync(cancellationToken);
            return TypedResults.Ok(new ReadyStatus("ready", products));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Problem(
                title: "Store unavailable", detail: "The database cannot be reached.", statusCode: 503);
        }
    }

    internal sealed record HealthStatus(string Status);

    internal sealed record ReadyStatus(string Status, int Products);
}
