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

    [Theory]
    [InlineData("taken")]
    [InlineData("invalid")]
    public async Task SignUp_RejectedHandle_LogsNoHandle(string problem)
    {
        string marker = $"handle{Guid.NewGuid():N}"[..20];
        string handle = problem == "taken" ? marker : $"{marker} with spaces";
        if (problem == "taken")
        {
            var first = await app.Client.PostAsJsonAsync("/api/account/signup", new { handle, password = WebAppFixture.Password });
            Assert.Equal(System.Net.HttpStatusCode.Created, first.StatusCode);
        }

        string requestId = $"signup-{problem}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/signup")
        {
            Content = JsonContent.Create(new { handle, password = WebAppFixture.Password }),
        };
        request.Headers.Add("X-Request-Id", requestId);
        var response = await app.Client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();

        Assert.Contains(marker, body, StringComparison.Ordinal);
        Assert.DoesNotContain(app.AllLines, l => l.Contains(marker, StringComparison.OrdinalIgnoreCase));
        var line = Assert.Single(app.AllLines, l => l.Contains(requestId, StringComparison.Ordinal));
        string expected = problem == "taken" ? "409 AccountTaken" : "400 InvalidInput";
        Assert.Matches($@"^{requestId} POST /api/account/signup {expected} in [0-9.]+ ms for -$", line);
    }

    [Fact]
    public async Task UnknownRoute_LogsOneLineWithReason()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.Add("X-Request-Id", "unknown-route-1");

        var response = await app.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(app.AllLines, l => l.Contains("unknown-route-1", StringComparison.Ordinal));
        Assert.Matches(@"^unknown-route-1 GET \(no route\) 404 UnknownRoute in [0-9.]+ ms for -$", line);
    }

    [Fact]
    public async Task UnknownRoute_SignedIn_LogsPseudonym()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.Add("X-Request-Id", "unknown-route-2");

        var response = await app.Person.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(app.Lines, l => l.StartsWith("unknown-route-2 ", StringComparison.Ordinal));
        Assert.Matches(@"^unknown-route-2 GET \(no route\) 404 UnknownRoute in [0-9.]+ ms for p:[0-9a-f]{12}$", line);
    }

    /// <summary>The usual app, recording the request log and, separately, every log line of every category.</summary>
    public sealed class RecordingApp : WebAppFixture
    {
        private readonly RecordingProvider _provider = new();

        public IReadOnlyCollection<string> Lines => _provider.Lines;

        /// <summary>Every logged message with its exception, whatever the category.</summary>
        public IReadOnlyCollection<string> AllLines => _provider.AllLines;

        protected override void ConfigureBuilder(WebApplicationBuilder builder) => builder.Logging.AddProvider(_provider);
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<string> AllLines { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName.EndsWith(".RequestLogging", StringComparison.Ordinal)
                ? new Recorder(Lines, AllLines)
                : new Recorder(AllLines);

        public void Dispose()
        {
        }
    }

    private sealed class Recorder(params ConcurrentQueue<string>[] queues) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception);
            foreach (var queue in queues)
            {
                queue.Enqueue(exception is null ? message : $"{message} {exception}");
            }
        }
    }
}
