using Skinsight.Application.Composition;
using Skinsight.Application.History;
using Skinsight.Core;
using Skinsight.Core.History;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>The acting person's product history: owned, liked, disliked and reacted products.</summary>
internal static class HistoryEndpoints
{
    public static IEndpointRouteBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/history", ListAsync)
            .WithName("ListProductHistory")
            .WithSummary("Lists the products the acting person owns, liked, disliked or reacted to, newest first.")
            .Produces<HistoryList>()
            .Audited("list the owner's product history");

        app.MapPost("/api/history", RecordAsync)
            .WithName("RecordProductHistory")
            .Audited("record a product in the owner's history")
            .WithSummary("Records a product as owned, liked, disliked or reacted; the same product and kind again replaces the note.")
            .Accepts<HistoryRequest>("application/json")
            .Produces<ProductExperience>()
            .ProducesProblem(400)
            .ProducesProblem(404);

        app.MapDelete("/api/history/{productKey}", RemoveAsync)
            .WithName("RemoveProductHistory")
            .Audited("remove a product from the owner's history")
            .WithSummary("Removes a product's history entries: one kind with ?kind=..., otherwise all of them.")
            .Produces<RemovedCount>()
            .ProducesProblem(400);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, SkinsightServices services, CancellationToken cancellationToken)
    {
        Guid person = await CurrentPerson.GetIdAsync(http, cancellationToken);
        return TypedResults.Ok(new HistoryList(await services.History.ListAsync(person, cancellationToken)));
    }

    private static async Task<IResult> RecordAsync(
        HttpContext http, HistoryRequest? request, SkinsightServices services, CancellationToken cancellationToken)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.ProductKey) || string.IsNullOrWhiteSpace(request.Kind))
        {
            throw new InvalidInputException(
                "Send a JSON body with 'productKey' (e.g. sephora-2023:P473126) and 'kind' (owned, liked, disliked or reacted).");
        }

        ExperienceKind kind = HistoryService.ParseKind(request.Kind);
        Guid person = await CurrentPerson.GetIdAsync(http, cancellationToken);
        return TypedResults.Ok(await services.History.RecordAsync(person, request.ProductKey, kind, request.Note, cancellationToken));
    }

    private static async Task<IResult> RemoveAsync(
        HttpContext http, string productKey, SkinsightServices services, CancellationToken cancellationToken, string? kind = null)
    {
        ExperienceKind? parsed = kind is null ? null : HistoryService.ParseKind(kind);
        Guid person = await CurrentPerson.GetIdAsync(http, cancellationToken);
        return TypedResults.Ok(new RemovedCount(await services.History.RemoveAsync(person, productKey, parsed, cancellationToken)));
    }

    /// <param name="Kind"><c>owned</c>, <c>liked</c>, <c>disliked</c> or <c>reacted</c>.</param>
    /// <param name="Note">
    /// Optional free text. Left out or null, the entry has no note, so it clears the note of an earlier entry for
    /// the same product and kind.
    /// </param>
    internal sealed record HistoryRequest(string? ProductKey, string? Kind, string? Note = null);

    internal sealed record HistoryList(IReadOnlyList<ProductExperience> Items);

    internal sealed record RemovedCount(int Removed);
}
