using Skinsight.Application.Composition;
using Skinsight.Application.Tracking;
using Skinsight.Core;
using Skinsight.Core.Analysis;
using Skinsight.Core.Serialization;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

internal static class CheckInEndpoints
{
    public static IEndpointRouteBuilder MapCheckIns(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/checkins", CreateAsync)
            .WithName("CreateCheckIn")
            .Audited("store the owner's check-in")
            .WithSummary("Stores a check-in: self-ratings (0-10), sensor readings with units, routine steps used and, "
                + "in multipart/form-data, a photo in field 'photo' with the check-in JSON in field 'checkIn'.")
            .Accepts<CheckInRequest>("application/json", "multipart/form-data")
            .AcceptsMultipart(
                new MultipartField("checkIn", MultipartFieldKind.Json, Required: false, "The check-in, as in the JSON body."),
                UploadReader.PhotoField(required: false))
            .Produces<CheckInCreated>(StatusCodes.Status201Created)
            .ProducesProblem(400)
            .ProducesProblem(404)
            .ProducesProblem(409)
            .ProducesProblem(413)
            .ProducesProblem(415)
            .ProducesProblem(422)
            .DisableAntiforgery();

        app.MapGet("/api/checkins", ListAsync)
            .WithName("ListCheckIns")
            .Audited("list the owner's check-ins")
            .WithSummary("Lists the person's check-ins, newest first, with their values and steps.")
            .Produces<IReadOnlyList<CheckInView>>()
            .ProducesProblem(400);

        app.MapDelete("/api/checkins/{id:guid}", DeleteAsync)
            .WithName("DeleteCheckIn")
            .Audited("delete a check-in of the owner")
            .WithSummary("Deletes one of the person's check-ins with its values, steps, and its photo's analysis and "
                + "stored photo. Another person's check-in id is answered as not found.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        string? json;
        byte[]? photo = null;
        if (request.HasFormContentType)
        {
            var form = await UploadReader.ReadFormAsync(request, cancellationToken);
            json = form["checkIn"].ToString();
            photo = await UploadReader.ReadFileAsync(form, "photo", required: false, cancellationToken);
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body);
            json = await reader.ReadToEndAsync(cancellationToken);
        }
        else
        {
            throw new UnsupportedUploadException(
                $"Content type '{request.ContentType ?? "none"}' is not accepted; send application/json or multipart/form-data.");
        }

        var checkIn = string.IsNullOrWhiteSpace(json) ? new CheckInRequest() : CheckInJson.Parse(json);
        var personId = await CurrentPerson.GetIdAsync(request.HttpContext, cancellationToken);
        // A bare null here would convert through byte[] to an empty ReadOnlyMemory, read as an empty photo.
        ReadOnlyMemory<byte>? photoMemory = photo is null ? (ReadOnlyMemory<byte>?)null : photo;
        // Ratings and readings are health data too, so every check-in needs the analysis consent, photo or not.
        await services.Consents.RequireAsync(personId, ConsentPurpose.Analysis, cancellationToken);
        bool keepPhoto = false;
        if (photoMemory is not null)
        {
            keepPhoto = await services.Consents.HoldsAsync(personId, ConsentPurpose.KeepPhotos, cancellationToken);
        }

        var result = await services.CheckIns.AddAsync(
            personId, checkIn, photoMemory, cancellationToken, keepPhoto, photoNeedsConsent: true);
        if (result.CheckInId is not { } id)
        {
            return AnalysisEndpoints.Rejected(result.Analysis!.Quality);
        }

        return Results.Json(
            new CheckInCreated(id, result.Analysis?.Quality.Score, result.Analysis?.Flags ?? [])
            {
                Note = result.PhotoMeasuresLeftOut ? CheckInResult.MeasuresLeftOutMessage : null,
            },
            SkinsightJson.Options,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, SkinsightServices services, int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            throw new InvalidInputException($"limit {limit} is outside 1 to 1000; pass a limit in that range.");
        }

        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        var checkIns = await services.Store.ListCheckInsAsync(personId, limit ?? 100, cancellationToken);
        return Results.Json(checkIns.Select(CheckInView.From).ToList(), SkinsightJson.Options);
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext context, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        return await services.Store.DeleteCheckInAsync(personId, id, cancellationToken)
            ? Results.NoContent()
            : Results.Problem(
                title: "Check-in not found",
                detail: $"No check-in {id} of yours; GET /api/checkins lists your check-ins and their ids.",
                statusCode: 404);
    }

    /// <summary>
    /// The id of a new check-in, its photo's quality score when it had a photo, and the photo's medical flags
    /// ("see a dermatologist"), which every interface shows. <see cref="Note"/> is the sentence shown when the photo is
    /// a close-up of one spot, whose scores were not added to the trends; null otherwise.
    /// </summary>
    internal sealed record CheckInCreated(Guid CheckInId, double? PhotoQuality, IReadOnlyList<MedicalFlag> Flags)
    {
        public string? Note { get; init; }
    }
}
