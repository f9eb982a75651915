using Skinsight.Application.Composition;
using Skinsight.Application.Plans;
using Skinsight.Core;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Data.Entities;
using Skinsight.Planning;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

internal static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/plans", CreateAsync)
            .WithName("CreatePlan")
            .WithSummary("Builds a routine. Send the profile as a JSON body, or as multipart/form-data with the "
                + "profile JSON in field 'profile' and an optional photo in field 'photo'.")
            .Accepts<SkinProfile>("application/json", "multipart/form-data")
            .AcceptsMultipart(
                new MultipartField("profile", MultipartFieldKind.Json, Required: true, "The profile, as in the JSON body."),
                UploadReader.PhotoField(required: false))
            .Produces<PlanResponse>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(413)
            .ProducesProblem(415)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.Uploads)
            .DisableAntiforgery()
            .Audited("build a routine from the owner's profile and photo");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, SkinsightServices services,
        OverlayStore overlays, CancellationToken cancellationToken)
    {
        string profileJson;
        byte[]? photo = null;
        if (request.HasFormContentType)
        {
            var form = await UploadReader.ReadFormAsync(request, cancellationToken);
            profileJson = form["profile"].ToString();
            if (string.IsNullOrWhiteSpace(profileJson))
            {
                throw new InvalidInputException("The multipart field 'profile' is missing; put the profile JSON in it.");
            }

            photo = await UploadReader.ReadFileAsync(form, "photo", required: false, cancellationToken);
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body);
            profileJson = await reader.ReadToEndAsync(cancellationToken);
        }
        else
        {
            throw new UnsupportedUploadException(
                $"Content type '{request.ContentType ?? "none"}' is not accepted; send application/json or multipart/form-data.");
        }

        var profile = ProfileReader.Parse(profileJson);
        var personId = await CurrentPerson.GetIdAsync(request.HttpContext, cancellationToken);
        await services.Consents.RequireAsync(personId, ConsentPurpose.Analysis, cancellationToken);
        bool keepPhoto = await services.Consents.HoldsAsync(personId, ConsentPurpose.KeepPhotos, cancellationToken);
        // A bare null here would convert through byte[] to an empty ReadOnlyMemory, read as an empty photo.
        ReadOnlyMemory<byte>? photoMemory = photo is null ? (ReadOnlyMemory<byte>?)null : photo;
        var result = await services.Plans.BuildAsync(
            personId, profile, photoMemory, cancellationToken, keepPhoto, photoNeedsConsent: true);
        return Results.Json(PlanJson.Compose(result), Core.Serialization.SkinsightJson.Options);
    }

    /// <summary>The response shape, for the OpenAPI document: the plan's fields plus the ids and the analysis.</summary>
    internal sealed record PlanResponse(
        Guid PlanId,
        IReadOnlyList<RoutineStep> Am,
        IReadOnlyList<RoutineStep> Pm,
        IReadOnlyList<PlanWarning> Warnings,
        IReadOnlyList<PlanConcern> Concerns,
        IReadOnlyList<Core.Analysis.MedicalFlag> Flags,
        decimal TotalPriceUsd,
        bool FromCatalog,
        Guid? AnalysisId,
        Core.Analysis.SkinAnalysis? Analysis);
}
