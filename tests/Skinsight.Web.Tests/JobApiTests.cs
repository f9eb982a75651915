using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Skinsight.Data.Entities;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>Background analysis jobs through the API, run by the workers of the app under test.</summary>
public class JobApiTests(JobApiTests.WorkingApp app) : IClassFixture<JobApiTests.WorkingApp>
{
    [Fact]
    public async Task PostJob_NotAnImage_RejectedWithSynchronousMessage()
    {
        byte[] text = Encoding.UTF8.GetBytes("this is not an image");
        using var synchronous = await app.Person.PostAsync("/api/analyses", PhotoForm(text));
        using var synchronousProblem = JsonDocument.Parse(await synchronous.Content.ReadAsStringAsync());

        using var response = await app.Person.PostAsync("/api/jobs/analyses", PhotoForm(text));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, synchronous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            synchronousProblem.RootElement.GetProperty("detail").GetString(),
            problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostJob_HugeDimensionsInHeader_RejectedBeforeQueueing()
    {
        // A PNG header that promises 50,000 x 50,000 pixels, with no pixel data behind it.
        byte[] png =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
            0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50, 8, 2, 0, 0, 0, 0x2A, 0x6A, 0x4E, 0x1B,
        ];

        using var response = await app.Person.PostAsync("/api/jobs/analyses", PhotoForm(png));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"status {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public async Task PostJob_TruncatedPixelData_Returns400(string format)
    {
        byte[] whole = format == "png"
            ? EncodedPhoto(SkiaSharp.SKEncodedImageFormat.Png, 640, 480)
            : EncodedPhoto(SkiaSharp.SKEncodedImageFormat.Jpeg, 640, 480);
        byte[] truncated = whole[..(whole.Length / 2)];
        using var synchronous = await app.Person.PostAsync("/api/analyses", PhotoForm(truncated));
        using var synchronousProblem = JsonDocument.Parse(await synchronous.Content.ReadAsStringAsync());
        int jobsBefore = (await app.Services.Store.ListJobsAsync(await PersonIdAsync(app.Person))).Count;

        using var response = await app.Person.PostAsync("/api/jobs/analyses", PhotoForm(truncated));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, synchronous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("truncated", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            synchronousProblem.RootElement.GetProperty("detail").GetString(),
            problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(jobsBefore, (await app.Services.Store.ListJobsAsync(await PersonIdAsync(app.Person))).Count);
    }

    [Fact]
    public async Task GetJob_PhotoRejected_ReturnsQualityReport()
    {
        byte[] photo = EncodedPhoto(SkiaSharp.SKEncodedImageFormat.Jpeg, 640, 480);
        using var synchronous = await app.Person.PostAsync("/api/analyses", PhotoForm(photo));
        using var synchronousProblem = JsonDocument.Parse(await synchronous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, synchronous.StatusCode);

        using var response = await app.Person.PostAsync("/api/jobs/analyses", PhotoForm(photo));
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var status = await WaitForStateAsync(app.Person, accepted.RootElement.GetProperty("statusUrl").GetString()!, "failed");
        var root = status.RootElement;

        Assert.Equal("photoRejected", root.GetProperty("failure").GetString());
        Assert.Equal(1, root.GetProperty("attempts").GetInt32());
        Assert.Equal(synchronousProblem.RootElement.GetProperty("detail").GetString(), root.GetProperty("error").GetString());
        Assert.Equal(
            synchronousProblem.RootElement.GetProperty("quality").GetRawText(),
            root.GetProperty("quality").GetRawText());
        Assert.False(root.GetProperty("quality").GetProperty("accepted").GetBoolean());
        Assert.NotEqual(0, root.GetProperty("quality").GetProperty("issues").GetArrayLength());
    }

    [Fact]
    public async Task OpenApi_JobStatus_DocumentsFailure()
    {
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var properties = schemas.GetProperty("JobStatus").GetProperty("properties");

        Assert.True(properties.TryGetProperty("failure", out var failure), properties.GetRawText());
        Assert.True(properties.TryGetProperty("quality", out var quality), properties.GetRawText());
        string failureSchema = failure.GetRawText() + schemas.GetRawText();
        foreach (string kind in new[] { "photoRejected", "invalidInput", "error" })
        {
            Assert.Contains($"\"{kind}\"", failureSchema, StringComparison.Ordinal);
        }

        Assert.Contains("QualityReport", quality.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeJob_RunByWorkers_SucceedsWithReadableAnalysis()
    {
        Guid personId = await PersonIdAsync(app.Person);
        var job = await app.Services.Store.AddJobAsync(personId, JobKinds.Probe, new byte[] { 1, 2, 3 }, maxAttempts: 3);

        using var status = await WaitForStateAsync(app.Person, $"/api/jobs/{job.Id}", "succeeded");
        Guid analysisId = status.RootElement.GetProperty("analysisId").GetGuid();
        using var analysis = await app.Person.GetAsync($"/api/analyses/{analysisId}");

        Assert.Equal(HttpStatusCode.OK, analysis.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, status.RootElement.GetProperty("completedAt").ValueKind);
        Assert.False(status.RootElement.TryGetProperty("error", out _));
        Assert.Null(await app.Services.Store.LoadJobPayloadAsync(personId, job.Id));
    }

    [Fact]
    public async Task PostJob_WithoutAnalysisConsent_Returns403()
    {
        var (client, _) = await app.SignUpAsync();

        using var response = await client.PostAsync("/api/jobs/analyses", PhotoForm([0xFF, 0xD8, 0xFF]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetJob_AnotherPersonsJob_Returns404()
    {
        using var response = await app.Person.PostAsync("/api/jobs/analyses", PhotoForm(GreyJpeg()));
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var (intruder, _) = await app.SignUpAsync("analysis");

        using var read = await intruder.GetAsync(accepted.RootElement.GetProperty("statusUrl").GetString());

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
    }

    [SharedDataFact("images/acne04-roboflow/images")]
    public async Task PostJob_RealPhoto_EndsLikeSynchronousAnalysis()
    {
        string path = Directory.EnumerateFiles(SharedData.PathOf("images/acne04-roboflow/images"), "*.jpg").Order().First();
        byte[] photo = await File.ReadAllBytesAsync(path);
        using var synchronous = await app.Person.PostAsync("/api/analyses", PhotoForm(photo));

        using var response = await app.Person.PostAsync("/api/jobs/analyses", PhotoForm(photo));
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string statusUrl = accepted.RootElement.GetProperty("statusUrl").GetString()!;
        string expected = synchronous.StatusCode == HttpStatusCode.OK ? "succeeded" : "failed";
        using var status = await WaitForStateAsync(app.Person, statusUrl, expected);

        if (expected == "succeeded")
        {
            Guid analysisId = status.RootElement.GetProperty("analysisId").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await app.Person.GetAsync($"/api/analyses/{analysisId}")).StatusCode);
            Guid personId = await PersonIdAsync(app.Person);
            Assert.NotNull(await app.Services.Store.LoadPhotoAsync(personId, analysisId));
        }
    }

    [SharedDataFact("images/acne04-roboflow/images/levle1_198_jpg.rf.15807e7c50422537677b7665b2ae8537.jpg")]
    public async Task JobAnalysis_WithKeepPhotos_ServesOverlaysToOwnerOnly()
    {
        byte[] photo = await File.ReadAllBytesAsync(
            SharedData.PathOf("images/acne04-roboflow/images/levle1_198_jpg.rf.15807e7c50422537677b7665b2ae8537.jpg"));
        using var response = await app.Person.PostAsync("/api/jobs/analyses", PhotoForm(photo));
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var status = await WaitForStateAsync(
            app.Person, accepted.RootElement.GetProperty("statusUrl").GetString()!, "succeeded");
        Guid analysisId = status.RootElement.GetProperty("analysisId").GetGuid();
        using var analysis = JsonDocument.Parse(await app.Person.GetStringAsync($"/api/analyses/{analysisId}"));
        var overlays = analysis.RootElement.GetProperty("overlays");
        string url = overlays.EnumerateObject().First().Value.GetString()!;
        var (stranger, _) = await app.SignUpAsync("analysis");

        using var png = await app.Person.GetAsync(url);
        using var theirs = await stranger.GetAsync(url);

        Assert.True(overlays.EnumerateObject().Count() >= 3, overlays.GetRawText());
        Assert.StartsWith("/api/overlays/", url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    /// <summary>Polls <paramref name="statusUrl"/> until the job reaches <paramref name="state"/>, for at most 30 s.</summary>
    internal static async Task<JsonDocument> WaitForStateAsync(HttpClient client, string statusUrl, string state)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.GetAsync(statusUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            last = await response.Content.ReadAsStringAsync();
            var body = JsonDocument.Parse(last);
            if (body.RootElement.GetProperty("state").GetString() == state)
            {
                return body;
            }

            body.Dispose();
            await Task.Delay(50);
        }

        throw new TimeoutException($"Job {statusUrl} did not reach '{state}' within 30 s; last status {last}");
    }

    internal static async Task<Guid> PersonIdAsync(HttpClient client)
    {
        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/account"));
        return account.RootElement.GetProperty("personId").GetGuid();
    }

    /// <summary>Returns a plain brown photo with no face or skin texture, which decodes but fails the quality gate.</summary>
    private static byte[] EncodedPhoto(SkiaSharp.SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        bitmap.Erase(new SkiaSharp.SKColor(150, 120, 100));
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Returns a small but valid JPEG, which passes the upload's header check.</summary>
    internal static byte[] GreyJpeg()
    {
        using var bitmap = new SkiaSharp.SKBitmap(320, 240);
        bitmap.Erase(new SkiaSharp.SKColor(150, 120, 100));
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    internal static MultipartFormDataContent PhotoForm(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { content, "photo", "photo.jpg" } };
    }

    /// <summary>An app with two workers that poll every 50 ms, so jobs finish within a test.</summary>
    public sealed class WorkingApp : WebAppFixture
    {
        protected override WebHostOptions Configure(WebHostOptions options) =>
            options with { Workers = 2, JobPollInterval = TimeSpan.FromMilliseconds(50) };
    }
}

/// <summary>The operator's job endpoints and export, on an API-only app whose jobs stay where a test puts them.</summary>
public class OperatorJobApiTests(OperatorJobApiTests.ApiOnlyApp app) : IClassFixture<OperatorJobApiTests.ApiOnlyApp>
{
    [Fact]
    public async Task DeadLetterJob_ListedAndRetried_IsQueuedOnce()
    {
        Guid personId = await JobApiTests.PersonIdAsync(app.Person);
        var job = await app.Services.Store.AddJobAsync(personId, JobKinds.Probe, new byte[] { 1 }, maxAttempts: 1);
        var claim = await ClaimAsync(job.Id);
        Assert.Equal(JobState.DeadLetter, await app.Services.Store.FailJobAsync(claim, "IOException: disk full", true, TimeSpan.Zero));

        using var list = await app.Operator.GetAsync("/api/jobs?state=deadLetter");
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        using var owner = await app.Person.GetAsync($"/api/jobs/{job.Id}");
        using var ownerView = JsonDocument.Parse(await owner.Content.ReadAsStringAsync());
        using var retry = await app.Operator.PostAsync($"/api/jobs/{job.Id}/retry", null);
        using var retried = JsonDocument.Parse(await retry.Content.ReadAsStringAsync());
        using var again = await app.Operator.PostAsync($"/api/jobs/{job.Id}/retry", null);
        using var unknown = await app.Operator.PostAsync($"/api/jobs/{Guid.NewGuid()}/retry", null);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var entry = Assert.Single(listed.RootElement.EnumerateArray(), j => j.GetProperty("id").GetGuid() == job.Id);
        Assert.Equal("deadLetter", entry.GetProperty("state").GetString());
        Assert.Equal("IOException: disk full", entry.GetProperty("error").GetString());
        Assert.Equal("deadLetter", ownerView.RootElement.GetProperty("state").GetString());
        Assert.Equal("IOException: disk full", ownerView.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Null(retry.Headers.Location);
        Assert.Equal("queued", retried.RootElement.GetProperty("state").GetString());
        Assert.Equal(0, retried.RootElement.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, retried.RootElement.GetProperty("error").ValueKind);
        Assert.Equal("IOException: disk full", retried.RootElement.GetProperty("previousError").GetString());
        Assert.Equal("error", entry.GetProperty("failure").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("/api/jobs?state=stuck")]
    [InlineData("/api/jobs?state=1")]
    [InlineData("/api/jobs?limit=0")]
    public async Task ListJobs_InvalidQuery_Returns400(string url)
    {
        using var response = await app.Operator.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task QueuedJob_WithoutWorkers_StaysQueuedAndIsExported()
    {
        var (client, _) = await app.SignUpAsync("analysis");
        byte[] photo = JobApiTests.GreyJpeg();
        using var response = await client.PostAsync("/api/jobs/analyses", JobApiTests.PhotoForm(photo));
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Guid jobId = accepted.RootElement.GetProperty("id").GetGuid();
        await Task.Delay(300);

        using var status = JsonDocument.Parse(await client.GetStringAsync($"/api/jobs/{jobId}"));
        using var export = await client.GetAsync("/api/me/export");
        using var archive = new ZipArchive(await export.Content.ReadAsStreamAsync());
        using var data = await JsonDocument.ParseAsync(archive.GetEntry("skinsight-data.json")!.Open());
        var exported = Assert.Single(data.RootElement.GetProperty("jobs").EnumerateArray());
        string inputName = exported.GetProperty("input").GetString()!;
        using var input = new MemoryStream();
        await archive.GetEntry(inputName)!.Open().CopyToAsync(input);

        Assert.Equal("queued", status.RootElement.GetProperty("state").GetString());
        Assert.Equal(0, status.RootElement.GetProperty("attempts").GetInt32());
        Assert.Equal(jobId, exported.GetProperty("id").GetGuid());
        Assert.Equal("Queued", exported.GetProperty("state").GetString());
        Assert.Equal(photo, input.ToArray());
    }

    /// <summary>Claims <paramref name="jobId"/>, putting back any older job of another test that comes first.</summary>
    private async Task<Data.JobClaim> ClaimAsync(Guid jobId)
    {
        for (int i = 0; i < 10; i++)
        {
            var claim = (await app.Services.Store.ClaimJobAsync("test-worker", TimeSpan.FromMinutes(1)))!;
            if (claim.JobId == jobId)
            {
                return claim;
            }

            await app.Services.Store.ReleaseJobAsync(claim);
        }

        throw new InvalidOperationException($"Job {jobId} was not claimed within 10 claims.");
    }

    /// <summary>An app with no workers, as an API-only instance runs.</summary>
    public sealed class ApiOnlyApp : WebAppFixture
    {
        protected override WebHostOptions Configure(WebHostOptions options) => options with { Workers = 0 };
    }
}
