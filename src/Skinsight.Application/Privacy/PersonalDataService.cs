using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Skinsight.Core.Serialization;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Privacy;

/// <summary>Exports everything the store contains about one person, and erases it.</summary>
public sealed class PersonalDataService(SkinsightStore store)
{
    /// <summary>Name of the JSON document inside an export archive.</summary>
    public const string DataEntryName = "skinsight-data.json";

    /// <summary>
    /// Writes a ZIP archive of <paramref name="personId"/>'s records to <paramref name="output"/>:
    /// <see cref="DataEntryName"/> with every record stored about the person, and each kept photo as
    /// <c>photos/ANALYSIS-ID.jpg</c> (or <c>.png</c>). The records are the person (whose stored handle is only a keyed digest,
    /// so it is exported as <c>handleDigest</c>) and the account handle, analyses,
    /// plans with their profiles, check-ins with values and steps, product history, consents with withdrawals,
    /// research demographics, experiment exposures, background jobs with any input not yet deleted
    /// (as <c>job-inputs/JOB-ID.bin</c>) and API token names. Token secrets and password hashes are
    /// left out.
    /// </summary>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task ExportAsync(Guid personId, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var person = await store.FindPersonAsync(personId, cancellationToken) ?? throw new PersonNotFoundException(personId);
        var analyses = await store.ListAnalysesAsync(personId, int.MaxValue, cancellationToken);
        var plans = await store.ListPlansAsync(personId, int.MaxValue, cancellationToken);
        var photos = await store.ListPhotosAsync(personId, cancellationToken);
        var account = await store.FindAccountAsync(personId, cancellationToken);
        var checkIns = await store.ListCheckInsAsync(personId, int.MaxValue, cancellationToken);
        var experiences = await store.ListExperiencesAsync(personId, cancellationToken);
        var consents = await store.ListConsentHistoryAsync(personId, cancellationToken);
        var demographics = await store.FindDemographicsAsync(personId, cancellationToken);
        var tokens = await store.ListApiTokensAsync(personId, cancellationToken);
        var exposures = await store.ListExposuresAsync(personId, cancellationToken);
        var jobs = await store.ListJobsAsync(personId, cancellationToken);
        var jobInputs = await store.ListJobPayloadsAsync(personId, cancellationToken);

        var document = new JsonObject
        {
            ["exportedAt"] = DateTime.UtcNow,
            ["person"] = new JsonObject { ["id"] = person.Id, ["createdAt"] = person.CreatedAt, ["handleDigest"] = person.Handle },
            ["account"] = account is null ? null : new JsonObject
            {
                ["handle"] = account.UserName,
                ["createdAt"] = account.CreatedAt,
            },
            ["analyses"] = new JsonArray([.. analyses.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["createdAt"] = a.CreatedAt,
                ["photo"] = photos.Any(p => p.AnalysisId == a.Id) ? PhotoEntryName(a.Id, photos.First(p => p.AnalysisId == a.Id).Content) : null,
                ["analysis"] = JsonSerializer.SerializeToNode(SkinsightStore.ReadAnalysis(a), SkinsightJson.Options),
            })]),
            ["plans"] = new JsonArray([.. plans.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["createdAt"] = p.CreatedAt,
                ["analysisId"] = p.AnalysisId,
                ["experimentVariant"] = p.ExperimentVariant,
                ["profile"] = JsonSerializer.SerializeToNode(SkinsightStore.ReadProfile(p), SkinsightJson.Options),
                ["plan"] = JsonSerializer.SerializeToNode(SkinsightStore.ReadPlan(p), SkinsightJson.Options),
            })]),
            ["checkIns"] = new JsonArray([.. checkIns.Select(CheckInNode)]),
            ["productHistory"] = new JsonArray([.. experiences.Select(e => (JsonNode)new JsonObject
            {
                ["productKey"] = e.ProductKey,
                ["kind"] = e.Kind.ToString(),
                ["recordedAt"] = e.RecordedAt,
                ["note"] = e.Note,
            })]),
            ["consents"] = new JsonArray([.. consents.Select(c => (JsonNode)new JsonObject
            {
                ["purpose"] = c.Purpose.ToString(),
                ["textVersion"] = c.TextVersion,
                ["grantedAt"] = c.GrantedAt,
                ["withdrawnAt"] = c.WithdrawnAt,
            })]),
            ["researchDemographics"] = demographics is null ? null : new JsonObject
            {
                ["birthYear"] = demographics.BirthYear,
                ["sex"] = demographics.Sex,
                ["skinType"] = demographics.SkinType,
                ["region"] = demographics.Region,
                ["updatedAt"] = demographics.UpdatedAt,
            },
            ["experimentExposures"] = new JsonArray([.. exposures.Select(e => (JsonNode)new JsonObject
            {
                ["experiment"] = e.Experiment,
                ["variant"] = e.Variant,
                ["exposedAt"] = e.ExposedAt,
            })]),
            ["jobs"] = new JsonArray([.. jobs.Select(j => JobNode(j, jobInputs.FirstOrDefault(p => p.JobId == j.Id)))]),
            ["apiTokens"] = new JsonArray([.. tokens.Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Id,
                ["name"] = t.Name,
                ["createdAt"] = t.CreatedAt,
                ["revokedAt"] = t.RevokedAt,
            })]),
        };

        await using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var dataEntry = archive.CreateEntry(DataEntryName, CompressionLevel.Optimal);
        await using (var stream = await dataEntry.OpenAsync(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(stream, document, new JsonSerializerOptions { WriteIndented = true },
                cancellationToken);
        }

        foreach (var photo in photos)
        {
            // Photos are already compressed, so they are stored without deflate.
            var entry = archive.CreateEntry(PhotoEntryName(photo.AnalysisId, photo.Content), CompressionLevel.NoCompression);
            await using var stream = await entry.OpenAsync(cancellationToken);
            await stream.WriteAsync(photo.Content, cancellationToken);
        }

        foreach (var input in jobInputs)
        {
            var entry = archive.CreateEntry(JobInputEntryName(input), CompressionLevel.NoCompression);
            await using var stream = await entry.OpenAsync(cancellationToken);
            await stream.WriteAsync(input.Content, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes <paramref name="personId"/> with all their records and destroys their data key.
    /// </summary>
    /// <returns>False when the person did not exist.</returns>
    public Task<bool> EraseAsync(Guid personId, CancellationToken cancellationToken = default) =>
        store.DeletePersonAsync(personId, cancellationToken);

    private static JsonNode CheckInNode(CheckInRecord checkIn) => new JsonObject
    {
        ["id"] = checkIn.Id,
        ["takenAt"] = checkIn.TakenAt,
        ["createdAt"] = checkIn.CreatedAt,
        ["analysisId"] = checkIn.AnalysisId,
        ["photoQuality"] = checkIn.PhotoQuality,
        ["values"] = new JsonArray([.. checkIn.Values.OrderBy(v => v.Kind).ThenBy(v => v.MeasuredAt).Select(v => (JsonNode)new JsonObject
        {
            ["source"] = v.Source.ToString(),
            ["kind"] = v.Kind,
            ["mode"] = v.Mode?.ToString(),
            ["value"] = v.Value,
            ["unit"] = v.Unit,
            ["noise"] = v.Noise,
            ["measuredAt"] = v.MeasuredAt,
        })]),
        ["steps"] = new JsonArray([.. checkIn.Steps.OrderBy(s => s.Routine).ThenBy(s => s.StepIndex).Select(s => (JsonNode)new JsonObject
        {
            ["planId"] = s.PlanId,
            ["routine"] = s.Routine,
            ["stepIndex"] = s.StepIndex,
            ["used"] = s.Used,
        })]),
    };

    private static JsonNode JobNode(JobRecord job, JobPayload? input) => new JsonObject
    {
        ["id"] = job.Id,
        ["kind"] = job.Kind,
        ["state"] = job.State.ToString(),
        ["attempts"] = job.Attempts,
        ["createdAt"] = job.CreatedAt,
        ["completedAt"] = job.CompletedAt,
        ["analysisId"] = job.ResultId,
        ["error"] = job.LastError,
        ["input"] = input is null ? null : JobInputEntryName(input),
    };

    // An upload is kept as received, so its name says it is a job input rather than guessing its format.
    private static string JobInputEntryName(JobPayload input) => $"job-inputs/{input.JobId}.bin";

    private static string PhotoEntryName(Guid analysisId, byte[] content)
    {
        bool png = content.Length >= 4 && content[0] == 0x89 && content[1] == 0x50 && content[2] == 0x4E && content[3] == 0x47;
        return $"photos/{analysisId}.{(png ? "png" : "jpg")}";
    }
}
