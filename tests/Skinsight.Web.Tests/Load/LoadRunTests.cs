using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Skinsight.Bench.Load;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests.Load;

/// <summary>Runs the load benchmark for a few seconds against servers listening on 127.0.0.1.</summary>
public class LoadRunTests
{
    private const string FaceFolder = "images/utkface-crop-part1/images";

    [Fact]
    public async Task Run_NonPhotos_CountsErrorsByStatus()
    {
        using var folder = new TempFolder();
        await using var app = await StartSkinsightAsync(folder);
        Photo[] pdf = [new Photo("not-a-photo.jpg", "image/jpeg", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34])];

        var report = await RunAsync(app.Urls.First(), LoadMode.Sync, pdf);

        Assert.Equal(0, report.Completed);
        Assert.True(report.Errors > 0);
        Assert.Equal(report.Started, report.Errors);
        Assert.All(report.ErrorsByStatus.Keys, key => Assert.StartsWith("4", key, StringComparison.Ordinal));
        Assert.Contains("PDF", string.Join(" ", report.ErrorDetails.Values), StringComparison.Ordinal);
        Assert.Null(report.AbortReason);
    }

    [Fact]
    public async Task Run_JobsModeNonPhotos_RejectedAtUpload()
    {
        using var folder = new TempFolder();
        await using var app = await StartSkinsightAsync(folder);
        Photo[] pdf = [new Photo("not-a-photo.jpg", "image/jpeg", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34])];

        var report = await RunAsync(app.Urls.First(), LoadMode.Jobs, pdf);

        Assert.Null(report.AbortReason);
        Assert.Equal(0, report.Completed);
        Assert.True(report.Errors > 0);
        Assert.All(report.ErrorsByStatus.Keys, key => Assert.StartsWith("4", key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_JobsOnContractMock_CompletesAll()
    {
        await using var mock = await JobsContractMock.StartAsync(pollsUntilDone: 2);
        Photo[] photos = [new Photo("a.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0])];

        var report = await RunAsync(mock.Url, LoadMode.Jobs, photos);

        Assert.True(report.Completed > 0);
        Assert.Equal(0, report.Errors);
        Assert.Equal(report.Started, report.Completed);
        Assert.Equal(report.Started, mock.Submitted);
        Assert.True(report.Latency.P50Ms >= 2 * 50, $"p50 {report.Latency.P50Ms} ms is under two poll intervals");
    }

    [Fact]
    public async Task Run_FailingJobs_CountsJobFailed()
    {
        await using var mock = await JobsContractMock.StartAsync(pollsUntilDone: 1, finalState: "failed");
        Photo[] photos = [new Photo("a.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0])];

        var report = await RunAsync(mock.Url, LoadMode.Jobs, photos);

        Assert.Equal(0, report.Completed);
        Assert.Equal(report.Started, report.ErrorsByStatus["job-failed"]);
        Assert.Equal("analysis failed in the mock", report.ErrorDetails["job-failed"]);
    }

    [Fact]
    public async Task Run_JobPhotoRejected_CountsRejectedNotError()
    {
        await using var mock = await JobsContractMock.StartAsync(pollsUntilDone: 1, finalState: "failed", failure: "photoRejected");
        Photo[] photos = [new Photo("a.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0])];

        var report = await RunAsync(mock.Url, LoadMode.Jobs, photos);

        Assert.True(report.Started > 0);
        Assert.Equal(0, report.Completed);
        Assert.Equal(0, report.Errors);
        Assert.Equal(report.Started, report.Rejected);
    }

    [Fact]
    public async Task Run_JobInvalidInput_CountsJobFailed()
    {
        await using var mock = await JobsContractMock.StartAsync(pollsUntilDone: 1, finalState: "failed", failure: "invalidInput");
        Photo[] photos = [new Photo("a.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0])];

        var report = await RunAsync(mock.Url, LoadMode.Jobs, photos);

        Assert.Equal(0, report.Rejected);
        Assert.Equal(report.Started, report.ErrorsByStatus["job-failed"]);
    }

    [Fact]
    public async Task Run_ForeignStatusUrl_IsNotPolled()
    {
        await using var mock = await JobsContractMock.StartAsync(pollsUntilDone: 1, statusUrlRoot: "http://127.0.0.2:9");
        Photo[] photos = [new Photo("a.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0])];

        var report = await RunAsync(mock.Url, LoadMode.Jobs, photos);

        Assert.Equal(0, report.Completed);
        Assert.Equal(report.Started, report.ErrorsByStatus["job-status-url-elsewhere"]);
        Assert.Equal(0, mock.Polls);
    }

    [SharedDataFact(FaceFolder)]
    public async Task Run_RealFaces_CompletesWithoutErrors()
    {
        using var folder = new TempFolder();
        await using var app = await StartSkinsightAsync(folder);
        var photos = PhotoSet.Load(SharedData.PathOf(FaceFolder), count: 8);

        var report = await RunAsync(app.Urls.First(), LoadMode.Sync, photos, duration: TimeSpan.FromSeconds(4));

        Assert.True(report.Completed > 0);
        Assert.Equal(0, report.Errors);
        Assert.NotNull(report.Latency.P95Ms);
        Assert.True(report.Latency.P50Ms <= report.Latency.P95Ms);
        Assert.True(report.Latency.P95Ms <= report.Latency.P99Ms);
    }

    private static async Task<LoadReport> RunAsync(string url, LoadMode mode, IReadOnlyList<Photo> photos,
        TimeSpan? duration = null)
    {
        var options = LoadOptions.Parse(["--url", url])! with
        {
            Mode = mode,
            Clients = 2,
            Duration = duration ?? TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(30),
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        return await new LoadRun(options, photos, TextWriter.Null).RunAsync(CancellationToken.None);
    }

    private static async Task<WebApplication> StartSkinsightAsync(TempFolder folder)
    {
        var options = new WebHostOptions(folder.File("skinsight.db"), "http://127.0.0.1:0", folder.File("overlays"))
        {
            KeyFolder = folder.File("keys"),
            UploadsPerMinute = 0,
            SignInsPerMinute = 0,
        };
        var app = await SkinsightWebApp.CreateAsync(options);
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// A server on 127.0.0.1 that follows the background-job contract: sign-up, consents, job submission with
    /// 202 and a status URL, and a status that stays running for some polls before it ends. Like the web app with
    /// antiforgery, it rejects a PUT or job POST without the token from <c>GET /api/antiforgery</c>.
    /// </summary>
    private sealed class JobsContractMock : IAsyncDisposable
    {
        private const string AntiforgeryToken = "mock-antiforgery-token";

        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, int> _polls = new();
        private int _submitted;

        private JobsContractMock(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public int Submitted => _submitted;

        public int Polls => _polls.Values.Sum();

        /// <param name="statusUrlRoot">Scheme and authority put in front of each status URL, or empty for a relative URL.</param>
        /// <param name="failure">The failure kind a failed job reports, or null to leave the field out.</param>
        public static async Task<JobsContractMock> StartAsync(int pollsUntilDone, string finalState = "succeeded",
            string statusUrlRoot = "", string? failure = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var mock = new JobsContractMock(app);
            app.MapPost("/api/account/signup", () => Results.Created("/api/account", new { }));
            app.MapGet("/api/consents", () => new[] { new { purpose = "analysis", version = "v1" } });
            app.MapGet("/api/antiforgery", () => new { headerName = "X-CSRF-TOKEN", token = AntiforgeryToken });
            app.MapPut("/api/consents/analysis", (HttpRequest request) =>
                HasAntiforgeryToken(request) ? Results.Ok() : Results.BadRequest());
            app.MapPost("/api/jobs/analyses", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                if (form.Files.GetFile("photo") is null || !HasAntiforgeryToken(request))
                {
                    return Results.BadRequest();
                }

                Interlocked.Increment(ref mock._submitted);
                string id = Guid.NewGuid().ToString();
                string statusUrl = $"{statusUrlRoot}/api/jobs/{id}";
                return Results.Accepted(statusUrl, new { id, state = "queued", statusUrl });
            }).DisableAntiforgery();
            app.MapGet("/api/jobs/{id}", (string id) =>
            {
                int polls = mock._polls.AddOrUpdate(id, 1, (_, n) => n + 1);
                string state = polls < pollsUntilDone ? "running" : finalState;
                return Results.Ok(new
                {
                    id,
                    state,
                    attempts = 1,
                    analysisId = state == "succeeded" ? Guid.NewGuid().ToString() : null,
                    error = state == "failed" ? "analysis failed in the mock" : null,
                    failure = state == "failed" ? failure : null,
                });
            });
            await app.StartAsync();
            return mock;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private static bool HasAntiforgeryToken(HttpRequest request) =>
            request.Headers["X-CSRF-TOKEN"] == AntiforgeryToken;
    }
}
