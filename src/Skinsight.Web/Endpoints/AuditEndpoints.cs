using Skinsight.Application.Composition;
using Skinsight.Core;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>The operator's view of the audit log.</summary>
internal static class AuditEndpoints
{
    private const int MaxTake = 1000;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (SkinsightServices services, CancellationToken cancellationToken,
                Guid? personId = null, int take = 100) =>
            {
                if (take is < 1 or > MaxTake)
                {
                    throw new InvalidInputException($"take {take} is out of range; use 1 to {MaxTake}.");
                }

                return Results.Ok(await services.Store.ListAuditAsync(personId, take, cancellationToken));
            })
            .WithName("ListAuditLog")
            .WithSummary("Operator: lists audit entries newest first, optionally those where personId acted or was acted on.")
            .Produces<List<AuditEntry>>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator("read the audit log", subjectFromQuery: "personId");
        return app;
    }
}
