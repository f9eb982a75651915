using Microsoft.AspNetCore.Identity;
using Skinsight.Application.Composition;
using Skinsight.Core;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>The acting person's export and erasure of everything stored about them.</summary>
internal static class PersonalDataEndpoints
{
    public static IEndpointRouteBuilder MapPersonalData(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/export", ExportAsync)
            .WithName("ExportMyData")
            .Audited("export everything held about the owner")
            .WithSummary("Downloads everything stored about the acting person as one ZIP: skinsight-data.json and the kept photos.")
            .Produces(200, contentType: "application/zip")
            .ProducesProblem(404)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.Sensitive);

        app.MapDelete("/api/me", EraseAsync)
            .WithName("EraseMyData")
            .Audited("erase the owner's data at their request")
            .WithSummary("Erases the acting person: deletes every record and destroys their data key. Pass confirm=yes.")
            .Produces(204)
            .ProducesProblem(400)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.Sensitive)
            .CountOnlyWhen(request => IsConfirmed(request.Query["confirm"]));
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        var buffer = new MemoryStream();
        await services.PersonalData.ExportAsync(personId, buffer, cancellationToken);
        buffer.Position = 0;
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(buffer, "application/zip", $"skinsight-export-{DateTime.UtcNow:yyyyMMdd}.zip");
    }

    private static async Task<IResult> EraseAsync(string? confirm, HttpContext context, SkinsightServices services,
        OverlayStore overlays, SignInManager<Account> signIn, CancellationToken cancellationToken)
    {
        if (!IsConfirmed(confirm))
        {
            // Thrown rather than returned, so that ErrorHandling sets the ProblemDetails and the log reason as for
            // every other 4xx.
            string received = confirm is null ? "the confirm parameter is missing" : $"confirm is '{confirm}'";
            throw new InvalidInputException(
                $"Erasure deletes every record and cannot be undone, but {received}; repeat the request with confirm=yes.");
        }

        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        await services.PersonalData.EraseAsync(personId, cancellationToken);
        // The overlays were unreadable once the data key was gone, but their folders still name the person as owner.
        overlays.DeleteOwnedBy(personId);
        // The account went with the person, so the browser's sign-in cookie is removed as well.
        await signIn.SignOutAsync();
        return Results.NoContent();
    }

    // The rate limiter calls this too, before the handler, so a rejected confirmation uses no erasure budget.
    private static bool IsConfirmed(string? confirm) => string.Equals(confirm, "yes", StringComparison.Ordinal);
}
