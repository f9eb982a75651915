using System.Text.Json;
using System.Text.Json.Nodes;
using Skinsight.Application.Analyses;
using Skinsight.Application.Composition;
using Skinsight.Application.Ports;
using Skinsight.Core.Analysis;
using Skinsight.Core.Serialization;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

internal static class AnalysisEndpoints
{
    public static IEndpointRouteBuilder MapAnalyses(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/analyses", AnalyzeAsync)
            .WithName("CreateAnalysis")
            .WithSummary("Analyses a photo (multipart field 'photo': JPEG, PNG or WebP) and stores the result.")
            .Accepts<IFormFile>("multipart/form-data")
            .AcceptsMultipart(UploadReader.PhotoField(required: true))
            .Produces<SkinAnalysis>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(413)
            .ProducesProblem(415)
            .ProducesProblem(422)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.Uploads)
            .DisableAntiforgery()
            .Audited("analyse the owner's photo");

        app.MapPost("/api/photos/quality", CheckQualityAsync)
            .WithName("CheckPhotoQuality")
            .WithSummary("Checks a photo's quality (multipart field 'photo') without analysing or storing it: the "
                + "0-100 score, whether the analysis would accept it, and each issue with its retake advice.")
            .Accepts<IFormFile>("multipart/form-data")
            .AcceptsMultipart(UploadReader.PhotoField(required: true))
            .Produces<QualityReport>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(413)
            .ProducesProblem(415)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.Uploads)
            .DisableAntiforgery()
            .Audited("check the quality of the owner's photo");

        app.MapGet("/api/analyses/{id:guid}", GetAsync)
            .WithName("GetAnalysis")
            .WithSummary("Returns a stored analysis.")
            .Produces<SkinAnalysis>()
            .ProducesProblem(401)
            .ProducesProblem(404)
            .Audited("show an analysis to its owner");

        app.MapGet("/api/overlays/{token}/{file}", async (string token, string file, HttpContext context,
                OverlayStore overlays, CancellationToken cancellationToken) =>
            {
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                return overlays.Find(token, file, personId) is { } png
                    ? Results.File(png, "image/png")
                    : Results.Problem(title: "Overlay not found", detail: $"No overlay {file} under {token} of yours.", statusCode: 404);
            })
            .WithName("GetOverlay")
            .WithSummary("Returns an overlay PNG of one of the signed-in person's analyses.")
            .Produces(200, contentType: "image/png")
            .ProducesProblem(401)
            .ProducesProblem(404)
            .Audited("show an analysis overlay to its owner");
        return app;
    }

    private static async Task<IResult> AnalyzeAsync(HttpRequest request, SkinsightServices services,
        OverlayStore overlays, CancellationToken cancellationToken)
    {
        var form = await UploadReader.ReadFormAsync(request, cancellationToken);
        byte[] photo = (await UploadReader.ReadFileAsync(form, "photo", required: true, cancellationToken))!;
        var personId = await CurrentPerson.GetIdAsync(request.HttpContext, cancellationToken);
        await services.Consents.RequireAsync(personId, ConsentPurpose.Analysis, cancellationToken);
        bool keepPhoto = await services.Consents.HoldsAsync(personId, ConsentPurpose.KeepPhotos, cancellationToken);

        // Overlays are pictures of the photo, so they are drawn only when the person lets photos be kept. When the
        // person withdraws that consent while the analysis runs, Seal deletes the overlays and the store keeps the
        // analysis without the photo.
        var folder = keepPhoto
            ? await overlays.CreateUnderConsentAsync(services.Consents, personId, cancellationToken)
            : null;
        string? token = folder?.Token;
        AnalysisResult result;
        try
        {
            result = await services.Analyses.AnalyzeAsync(
                personId, photo, folder?.Path, cancellationToken, keepPhoto, photoNeedsConsent: true);
        }
        catch when (token is not null)
        {
            overlays.DeleteFolder(token);
            throw;
        }

        if (result.AnalysisId is not { } analysisId)
        {
            if (token is not null)
            {
                overlays.DeleteFolder(token);
            }

            return Rejected(result.Analysis.Quality);
        }

        if (token is not null && overlays.Seal(token, personId) == 0)
        {
            token = null;
        }

        return Results.Json(ToResponse(result.Analysis, analysisId, token), SkinsightJson.Options);
    }

    private static async Task<IResult> CheckQualityAsync(HttpRequest request, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var form = await UploadReader.ReadFormAsync(request, cancellationToken);
        byte[] photo = (await UploadReader.ReadFileAsync(form, "photo", required: true, cancellationToken))!;
        var personId = await CurrentPerson.GetIdAsync(request.HttpContext, cancellationToken);
        // Checking quality processes the photo, so it needs the same consent as an analysis.
        await services.Consents.RequireAsync(personId, ConsentPurpose.Analysis, cancellationToken);
        return Results.Json(services.Analyses.CheckQuality(photo), SkinsightJson.Options);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext context, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        var record = await services.Store.FindAnalysisAsync(personId, id, cancellationToken);
        return record is null
            ? Results.Problem(title: "Analysis not found", detail: $"No analysis {id}.", statusCode: 404)
            : Results.Json(ToResponse(Data.SkinsightStore.ReadAnalysis(record), id, token: null), SkinsightJson.Options);
    }

    /// <summary>Returns a 422 ProblemDetails with the quality gate's reasons and retake advice.</summary>
    internal static IResult Rejected(QualityReport quality)
    {
        return Results.Problem(
            title: "Photo rejected by the quality gate",
            detail: quality.RejectionSummary(),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["quality"] = quality });
    }

    /// <summary>
    /// Serialises an analysis with its id. With a token, overlay file paths become their URLs; without one, only
    /// overlays stored as URLs (those of background jobs) are kept.
    /// </summary>
    internal static JsonObject ToResponse(SkinAnalysis analysis, Guid analysisId, string? token)
    {
        var urls = token is null
            ? analysis.Overlays
                .Where(o => o.Value.StartsWith(OverlayLinks.Prefix, StringComparison.Ordinal))
                .ToDictionary(o => o.Key, o => o.Value)
            : OverlayLinks.For(token, analysis.Overlays);
        var node = JsonSerializer.SerializeToNode(analysis with { Overlays = urls }, SkinsightJson.Options)!.AsObject();
        node["analysisId"] = analysisId.ToString();
        return node;
    }
}
