using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Skinsight.Web.Tests;

public class RequestLogTests(RequestLogTests.RecordingApp app) : IClassFixture<RequestLogTests.RecordingApp>
{
    [Fact]
    public async Task SignedInRequest_LogsRoutePseudonymAndDuration()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        request.Headers.Add("X-Request-Id", "trace-0042");

        var response = await app.Person.SendAsync(request);
        using var account = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string personId = account.RootElement.GetProperty("personId").GetString()!;

        Assert.Equal("trace-0042", response.Headers.GetValues("X-Request-Id").Single());
        var line = Assert.Single(app.Lines, l => l.StartsWith("trace-0042 ", StringComparison.Ordinal));
        Assert.Matches(@"^trace-0042 GET /api/account 200 in [0-9.]+ ms for p:[0-9a-f]{12}$", line);
        Assert.DoesNotContain(personId, line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnsafeRequestId_IsReplaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "a b\"<script>");

        var response = await app.Client.SendAsync(request);
        string echoed = response.Headers.GetValues("X-Request-Id").Single();

        Assert.NotEqual("a b\"<script>", echoed);
        Assert.Matches("^[A-Za-z0-9._:-]+$", echoed);
    }

    [Fact]
    public async Task PathWithId_LogsTemplateNotId()
    {
        var id = Guid.NewGuid();

        var response = await app.Person.GetAsync($"/api/analyses/{id}?secret=1");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(app.Lines, l => l.Contains(" GET /api/analyses/{id", StringComparison.Ordinal) && l.Contains(" 404 ", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Lines, l => l.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(app.Lines, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RejectedRequest_KeepsItsRoute()
    {
        var response = await app.Person.PostAsJsonAsync("/api/experiments", new { name = "x" });

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(app.Lines, l => l.Contains(" POST /api/experiments 403 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingPlan_ErrorNamesNoPersonId()
    {
        using var account = JsonDocument.Parse(await app.Person.GetStringAsync("/api/account"));
        string personId = account.RootElement.GetProperty("personId").GetString()!;
        var body = new { steps = new[] { new { planId = Guid.NewGuid(), routine = "am", step = 0 } } };

        var response = await app.Person.PostAsJsonAsync("/api/checkins", body);
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(personId, text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(app.Lines, l => l.Contains(" POST /api/checkins 404 ", StringComparison.Ordinal));
    }

    /// <summary>The usual app, recording the request log.</summary>
    public sealed class RecordingApp : WebAppFixture
    {
        private readonly RecordingProvider _provider = new();

        public IReadOnlyCollection<string> Lines => _provider.Lines;

        protected override void ConfigureBuilder(WebApplicationBuilder builder) => builder.Logging.AddProvider(_provider);
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName.EndsWith(".RequestLogging", StringComparison.Ordinal)
                ? new Recorder(Lines)
                : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }
    }

    private sealed class Recorder(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => lines.Enqueue(formatter(state, exception));
    }
}
