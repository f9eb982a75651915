using Skinsight.Application.Composition;

namespace Skinsight.Web.Endpoints;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok")))
            .WithName("GetHealth")
            .WithSummary("Liveness: the process is up.")
            .AllowAnonymous();

        app.MapGet("/health/ready", async Task<IResult> (SkinsightServices services, CancellationToken cancellationToken) =>
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
            })
            .WithName("GetReadiness")
            .WithSummary("Readiness: the store answers queries.")
            .ProducesProblem(503)
            .AllowAnonymous();
        return app;
    }

    internal sealed record HealthStatus(string Status);

    internal sealed record ReadyStatus(string Status, int Products);
}
