using System.Text.Json.Serialization;
using Skinsight.Application.Composition;
using Skinsight.Core;
using Skinsight.Core.Analysis;
using Skinsight.Data;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>Background analysis jobs: queue a photo, poll its job, and the operator's dead-letter list and retry.</summary>
internal static class JobEndpoints
{
    private const int MaxListLimit = 1000;

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/jobs/analyses", EnqueueAnalysisAsync)
            .WithName("CreateAnalysisJob")
            .WithSummary("Queues an analysis of a photo (multipart field 'photo': JPEG, PNG or WebP) and returns its job at once.")
            .Accepts<IFormFile>("multipart/form-data")
            .AcceptsMultipart(UploadReader.PhotoField(required: true))
            .Produces<JobAccepted>(202)
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(413)
            .ProducesProblem(415)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.Uploads)
            .DisableAntiforgery()
            .Audited("queue an analysis of the owner's photo");

        app.MapGet("/api/jobs/{id:guid}", GetAsync)
            .WithName("GetJob")
            .WithSummary("Returns the state of one of the signed-in person's jobs: the analysis id once it succeeded, or the "
                + "error and failure kind (photoRejected, invalidInput or error) once it failed, with the quality report for a rejected photo.")
            .Produces<JobStatus>()
            .ProducesProblem(401)
            .ProducesProblem(404)
            .Audited("show a job's state to its owner");

        app.MapGet("/api/jobs", ListAsync)
            .WithName("ListJobs")
            .WithSummary("Operator: lists everyone's jobs newest first, optionally in one state (e.g. state=deadLetter); never their inputs.")
            .Produces<IReadOnlyList<OperatorJobView>>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator("background job monitoring", subjectFromQuery: null);

        app.MapPost("/api/jobs/{id:guid}/retry", RetryAsync)
            .WithName("RetryJob")
            .WithSummary("Operator: queues a dead-letter job again with its attempts and error reset; previousError keeps the error it had.")
            .Produces<OperatorJobView>(202)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404)
            .ProducesProblem(409)
            .DisableAntiforgery()
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator("background job monitoring", subjectFromQuery: null);
        return app;
    }

    private static async Task<IResult> EnqueueAnalysisAsync(HttpRequest request, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var form = await UploadReader.ReadFormAsync(request, cancellationToken);
        byte[] photo = (await UploadReader.ReadFileAsync(form, "photo", required: true, cancellationToken))!;
        var personId = await CurrentPerson.GetIdAsync(request.HttpContext, cancellationToken);
        await services.Consents.RequireAsync(personId, ConsentPurpose.Analysis, cancellationToken);
        var job = await services.Jobs.EnqueueAsync(personId, photo, cancellationToken);
        string statusUrl = $"/api/jobs/{job.Id}";
        return Results.Accepted(statusUrl, new JobAccepted(job.Id, job.State, statusUrl));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext context, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        var job = await services.Store.FindJobAsync(personId, id, cancellationToken);
        return job is null
            ? Results.Problem(title: "Job not found", detail: $"No job {id}.", statusCode: 404)
            : Results.Ok(JobStatus.Of(job));
    }

    private static async Task<IResult> ListAsync(string? state, int? limit, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        JobState? filter = state is null ? null : ParseState(state);
        int count = limit ?? 100;
        if (count is < 1 or > MaxListLimit)
        {
            throw new InvalidInputException($"limit is {count}; pass a number from 1 to {MaxListLimit}.");
        }

        var jobs = await services.Store.ListJobsForOperatorAsync(filter, count, cancellationToken);
        return Results.Ok(jobs.Select(OperatorJobView.Of).ToList());
    }

    private static async Task<IResult> RetryAsync(Guid id, SkinsightServices services, CancellationToken cancellationToken)
    {
        string? previousError = (await services.Store.FindJobForOperatorAsync(id, cancellationToken))?.LastError;
        var result = await services.Store.RetryJobAsync(id, cancellationToken);

        // The response has no Location header, because the job's own URL serves only its owner. The operator
        // follows the job through the job list.
        return result switch
        {
            JobRetryResult.Queued => Results.Json(
                OperatorJobView.Of((await services.Store.FindJobForOperatorAsync(id, cancellationToken))!) with
                {
                    PreviousError = previousError,
                },
                statusCode: StatusCodes.Status202Accepted),
            JobRetryResult.NotDeadLetter => Results.Problem(
                title: "Job not in dead letter",
                detail: $"Job {id} is not in dead letter; only dead-letter jobs can be retried (GET /api/jobs?state=deadLetter lists them).",
                statusCode: 409),
            _ => Results.Problem(title: "Job not found", detail: $"No job {id}.", statusCode: 404),
        };
    }

    /// <summary>Parses a job state as the API writes it (queued, running, succeeded, failed, deadLetter).</summary>
    internal static JobState ParseState(string state) =>
        Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _)
            ? parsed
            : throw new InvalidInputException(
                $"state '{state}' is not a job state; pass queued, running, succeeded, failed or deadLetter.");
}

/// <summary>The response to a queued upload: the job's id, its state and where to poll it.</summary>
internal sealed record JobAccepted(Guid Id, JobState State, string StatusUrl);

/// <summary>One job as its owner sees it.</summary>
/// <param name="Failure">
/// The kind of failure of a failed or dead-letter job, so a client can tell a photo to retake from a service error.
/// </param>
/// <param name="Quality">
/// For a <see cref="JobFailureKind.PhotoRejected"/> failure, the quality gate's report (score, issues with retake
/// advice), as the 422 of <c>POST /api/analyses</c> gives it.
/// </param>
internal sealed record JobStatus(
    Guid Id,
    JobState State,
    int Attempts,
    DateTime CreatedAt,
    DateTime? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? AnalysisId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobFailureKind? Failure,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QualityReport? Quality)
{
    public static JobStatus Of(JobRecord job)
    {
        bool ended = job.State is JobState.Failed or JobState.DeadLetter;
        return new(
            job.Id,
            job.State,
            job.Attempts,
            job.CreatedAt,
            job.CompletedAt,
            job.State == JobState.Succeeded ? job.ResultId : null,
            ended ? job.LastError : null,
            // NOTE: jobs that ended before failure kinds were stored have none, so they read as "error" even
            // when the quality gate rejected their photo.
            ended ? job.FailureKind ?? JobFailureKind.Error : null,
            ended && job.RejectionJson is { } json ? StoreJson.Deserialize<QualityReport>(json, nameof(job.RejectionJson)) : null);
    }
}

/// <summary>One job as an operator sees it: ids, counts, times and the error, but not the input.</summary>
internal sealed record OperatorJobView(
    Guid Id,
    Guid PersonId,
    string Kind,
    JobState State,
    int Attempts,
    int MaxAttempts,
    DateTime CreatedAt,
    DateTime NotBefore,
    DateTime? CompletedAt,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobFailureKind? Failure)
{
    /// <summary>The error the job had before an operator's retry cleared it; set only in the retry's response.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PreviousError { get; init; }

    public static OperatorJobView Of(JobRecord job) => new(
        job.Id, job.PersonId, job.Kind, job.State, job.Attempts, job.MaxAttempts, job.CreatedAt, job.NotBefore,
        job.CompletedAt, job.LastError, job.FailureKind);
}
