using System.Text.Json.Serialization;
using Skinsight.Application.Composition;
using Skinsight.Application.Privacy;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>Consent per purpose: the texts with their versions, grants and withdrawals.</summary>
internal static class ConsentEndpoints
{
    public static IEndpointRouteBuilder MapConsents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/consents", async (HttpContext context, SkinsightServices services, CancellationToken cancellationToken) =>
            {
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                var given = await services.Store.ListConsentsAsync(personId, cancellationToken);
                return Results.Ok(ConsentTexts.All
                    .Select(text => (Text: text, Grant: given.FirstOrDefault(c => c.Purpose == text.Purpose)))
                    .Select(c => new ConsentState(c.Text.Name, c.Text.Version, c.Text.Text, c.Grant is not null,
                        c.Grant?.TextVersion, c.Grant?.GrantedAt))
                    .ToList());
            })
            .WithName("ListConsents")
            .WithSummary("Lists every consent purpose with its current text and version, and whether the signed-in person gave it.")
            .Produces<List<ConsentState>>()
            .ProducesProblem(401)
            .Audited("show the owner's consents");

        app.MapPut("/api/consents/{purpose}", async (string purpose, GrantRequest request, HttpContext context,
                SkinsightServices services, CancellationToken cancellationToken) =>
            {
                var text = ConsentTexts.Parse(purpose);
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                var grant = await services.Consents.GrantAsync(personId, text, request.TextVersion, cancellationToken);
                return Results.Ok(new ConsentState(text.Name, text.Version, text.Text, true, grant.TextVersion, grant.GrantedAt));
            })
            .WithName("GiveConsent")
            .WithSummary($"Gives consent to one purpose ({string.Join(", ", ConsentTexts.All.Select(t => t.Name))}); "
                + "the body names the text version shown.")
            .Produces<ConsentState>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .DisableAntiforgery()
            .Audited("record the owner's consent");

        app.MapDelete("/api/consents/{purpose}", async (string purpose, HttpContext context, SkinsightServices services,
                OverlayStore overlays, CancellationToken cancellationToken) =>
            {
                var text = ConsentTexts.Parse(purpose);
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                var (withdrawn, photos) = await services.Consents.WithdrawAsync(personId, text, cancellationToken);
                int overlayFolders = text.Purpose == ConsentPurpose.KeepPhotos ? overlays.DeleteOwnedBy(personId) : 0;
                return Results.Ok(new Withdrawal(text.Name, withdrawn, photos, overlayFolders));
            })
            .WithName("WithdrawConsent")
            .WithSummary("Withdraws consent to one purpose. Withdrawing keep-photos deletes every kept photo and overlay.")
            .Produces<Withdrawal>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .Audited("withdraw the owner's consent");
        return app;
    }

    // An unknown field such as "version" is rejected by name rather than ignored, so a typo does not read as "no version".
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed record GrantRequest(string? TextVersion);

    internal sealed record ConsentState(string Purpose, string Version, string Text, bool Given, string? GivenVersion,
        DateTime? GivenAt);

    /// <param name="WasGiven">Whether the consent was held before this withdrawal.</param>
    /// <param name="OverlayFoldersDeleted">Folders of overlay images drawn from the deleted photos.</param>
    internal sealed record Withdrawal(string Purpose, bool WasGiven, int PhotosDeleted, int OverlayFoldersDeleted);
}
