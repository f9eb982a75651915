using System.Text.Json.Nodes;
using Skinsight.Application.Composition;
using Skinsight.Core;
using Skinsight.Core.Plans;
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
            .Accepts<PlanRequest>("application/json")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<PlanResponse>()
            .ProducesProblem(400)
            .ProducesProblem(413)
            .ProducesProblem(415)
            .DisableAntiforgery();
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
        var person = await services.Store.GetOrCreateDefaultPersonAsync(cancellationToken);
        var result = await services.Plans.BuildAsync(person.Id, profile, photo, cancellationToken);
        JsonObject? analysis = result.Analysis is null || result.AnalysisId is null
            ? null
            : AnalysisEndpoints.ToResponse(result.Analysis, result.AnalysisId.Value, token: null);
        return Results.Json(new PlanResponse(result.PlanId, result.Plan, analysis), Core.Serialization.SkinsightJson.Options);
    }

    /// <summary>The profile fields; see docs/profile.md for each field's meaning and range.</summary>
    internal sealed record PlanRequest(Core.Profiles.SkinProfile Profile);

    internal sealed record PlanResponse(Guid PlanId, SkincarePlan Plan, JsonObject? Analysis);
}
