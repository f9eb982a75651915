using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Skinsight.Web.Endpoints;

namespace Skinsight.Web.Tests;

public class ResearchKeyTests(ResearchKeyTests.NoKeyApp app) : IClassFixture<ResearchKeyTests.NoKeyApp>
{
    [Fact]
    public async Task ResearchExport_NoKey_Returns503()
    {
        var response = await app.Operator.GetAsync("/api/research/export?k=5");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(ResearchEndpoints.KeySetting, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var logged = Assert.Single(app.Log, e => e.Message.Contains(" failed with 503: ", StringComparison.Ordinal));
        Assert.Null(logged.Exception);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains(ResearchEndpoints.KeySetting, logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', logged.Message);
    }

    /// <summary>The usual app without a research key, recording what the error handler logs.</summary>
    public sealed class NoKeyApp : WebAppFixture
    {
        private readonly RecordingProvider _provider = new();

        public IReadOnlyCollection<LogEntry> Log => _provider.Entries;

        protected override void ConfigureBuilder(WebApplicationBuilder builder)
        {
            builder.Configuration[ResearchEndpoints.KeySetting] = null;
            builder.Logging.AddProvider(_provider);
        }
    }

    public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName.EndsWith(".ErrorHandling", StringComparison.Ordinal) ? new Recorder(Entries) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }
    }

    private sealed class Recorder(ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
    }
}
