using Microsoft.AspNetCore.Routing;
using Skinsight.Application.Composition;
using Skinsight.Data.Entities;

namespace Skinsight.Web.Hosting;

/// <summary>Endpoint metadata: the endpoint reads or changes personal data for <see cref="Purpose"/>.</summary>
/// <param name="SubjectFromQuery">
/// Name of the query parameter that names the person whose data an operator reads; null when the signed-in
/// person's own data is touched.
/// </param>
internal sealed record AuditMetadata(string Purpose, string? SubjectFromQuery = null, bool AcrossPeople = false);

/// <summary>Writes one audit entry for every request to an endpoint that carries <see cref="AuditMetadata"/>.</summary>
internal static class AuditLogging
{
    // Route parameters that name the record a request touches, in order of preference.
    private static readonly string[] ResourceNames = ["id", "token", "purpose"];

    /// <summary>Marks an endpoint as touching the signed-in person's own data.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string purpose)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditMetadata(purpose));

    /// <summary>Marks an operator endpoint that reads the data of the person named in a query parameter, or of many people.</summary>
    public static TBuilder AuditedOperator<TBuilder>(this TBuilder builder, string purpose, string? subjectFromQuery)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditMetadata(purpose, subjectFromQuery, AcrossPeople: subjectFromQuery is null));

    /// <summary>
    /// Adds the middleware. It runs after authentication, so the actor is known, and before authorization, so
    /// it records the status every request ended with, refusals included.
    /// </summary>
    public static IApplicationBuilder UseAuditLog(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<AuditMetadata>();
        if (metadata is null)
        {
            await next(context);
            return;
        }

        int? failedStatus = null;
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            failedStatus = ErrorHandling.Classify(ex).Status;
            throw;
        }
        finally
        {
            var entry = CreateEntry(context, metadata, failedStatus ?? context.Response.StatusCode);
            var services = context.RequestServices.GetRequiredService<SkinsightServices>();
            // The entry is written even when the client has gone, so the token of the request is not used.
            await services.Store.AddAuditAsync(entry, CancellationToken.None);
        }
    });

    private static AuditEntry CreateEntry(HttpContext context, AuditMetadata metadata, int status)
    {
        Guid? actor = CurrentPerson.Find(context.User);
        Guid? subject = metadata switch
        {
            { AcrossPeople: true } => null,
            { SubjectFromQuery: { } name } => Guid.TryParse(context.Request.Query[name], out var id) ? id : null,
            _ => actor,
        };
        string route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        string? resource = ResourceNames
            .Select(name => context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null)
            .FirstOrDefault(value => value is not null);
        return new AuditEntry
        {
            At = DateTime.UtcNow,
            ActorPersonId = actor,
            SubjectPersonId = subject,
            Action = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? AuditAction.Read
                : AuditAction.Change,
            Operation = $"{context.Request.Method} {route}",
            ResourceId = resource,
            Purpose = metadata.Purpose,
            Status = status,
        };
    }
}
