using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Skinsight.Bench.Load;

/// <summary>The server returned an error status for a setup request (sign-up, antiforgery token or consent).</summary>
internal sealed class SetupFailedException(string message) : Exception(message);

/// <summary>One simulated person: its own account, sign-in cookie and connection, uploading photos one after another.</summary>
internal sealed class LoadClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly LoadOptions _options;

    private LoadClient(LoadOptions options)
    {
        _options = options;

        // Redirects and proxies are off, because either could send a request to a host other than the loopback base URL.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
        };
        _http = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Signs up an account named <paramref name="handle"/> and gives it the current analysis consent.</summary>
    /// <exception cref="SetupFailedException">The server rejected the sign-up or the consent.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public static async Task<LoadClient> SignUpAsync(LoadOptions options, string handle, CancellationToken cancellationToken)
    {
        var client = new LoadClient(options);
        try
        {
            await client.SetUpAsync(handle, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Uploads photos <paramref name="first"/>, first + clients, ... until the tally stops new analyses.</summary>
    public async Task RunAsync(IReadOnlyList<Photo> photos, int first, LoadTally tally, CancellationToken hardStop)
    {
        for (int next = first; !tally.StopStarting.IsCancellationRequested && tally.TryStart(); next += _options.Clients)
        {
            var photo = photos[next % photos.Count];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
            timeout.CancelAfter(_options.RequestTimeout);
            long start = Stopwatch.GetTimestamp();
            Outcome outcome;
            try
            {
                outcome = _options.Mode == LoadMode.Sync
                    ? await AnalyzeAsync(photo, timeout.Token)
                    : await AnalyzeAsJobAsync(photo, tally, timeout.Token);
            }
            catch (OperationCanceledException) when (!hardStop.IsCancellationRequested)
            {
                outcome = Outcome.Error("timeout", $"timed out after {_options.RequestTimeout.TotalSeconds:0} s");
            }
            catch (OperationCanceledException)
            {
                outcome = Outcome.Error("unfinished", "still running when the run was stopped");
            }
            catch (HttpRequestException e)
            {
                outcome = Outcome.Error("connection-failed", e.Message);
            }

            tally.Record(outcome, Stopwatch.GetElapsedTime(start));
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task SetUpAsync(string handle, CancellationToken cancellationToken)
    {
        string password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var signUp = await _http.PostAsJsonAsync("/api/account/signup", new { handle, password }, cancellationToken);
        await RequireSuccessAsync(signUp, "sign-up of " + handle, cancellationToken);
        await AddAntiforgeryTokenAsync(cancellationToken);

        using var consents = await _http.GetAsync("/api/consents", cancellationToken);
        await RequireSuccessAsync(consents, "consent list", cancellationToken);
        using var list = JsonDocument.Parse(await consents.Content.ReadAsStringAsync(cancellationToken));
        string version = list.RootElement.EnumerateArray()
            .Where(c => c.GetProperty("purpose").GetString() == "analysis")
            .Select(c => c.GetProperty("version").GetString())
            .FirstOrDefault()
            ?? throw new SetupFailedException("GET /api/consents lists no 'analysis' purpose with a version.");

        using var grant = await _http.PutAsJsonAsync("/api/consents/analysis", new { textVersion = version }, cancellationToken);
        await RequireSuccessAsync(grant, "analysis consent", cancellationToken);
    }

    /// <summary>
    /// Sends the antiforgery token with every later request, as the web page does, where the server requires one
    /// on POST, PUT and DELETE requests signed in by cookie. A server without <c>GET /api/antiforgery</c> needs none.
    /// </summary>
    private async Task AddAntiforgeryTokenAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/api/antiforgery", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        await RequireSuccessAsync(response, "antiforgery token request", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        string? header = body.RootElement.TryGetProperty("headerName", out var name) ? name.GetString() : null;
        string? token = body.RootElement.TryGetProperty("token", out var value) ? value.GetString() : null;
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(token))
        {
            throw new SetupFailedException("GET /api/antiforgery returned no 'headerName' and 'token'.");
        }

        _http.DefaultRequestHeaders.Add(header, token);
    }

    private async Task<Outcome> AnalyzeAsync(Photo photo, CancellationToken cancellationToken)
    {
        using var form = PhotoForm(photo);
        using var response = await _http.PostAsync("/api/analyses", form, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => Outcome.Completed,
            HttpStatusCode.UnprocessableEntity => Outcome.Rejected,
            var status => Outcome.Error(StatusText(status), Detail(body)),
        };
    }

    /// <summary>Submits a job, then polls its status until it succeeds, fails or is dead-lettered.</summary>
    private async Task<Outcome> AnalyzeAsJobAsync(Photo photo, LoadTally tally, CancellationToken cancellationToken)
    {
        using var form = PhotoForm(photo);
        using var submitted = await _http.PostAsync("/api/jobs/analyses", form, cancellationToken);
        string body = await submitted.Content.ReadAsStringAsync(cancellationToken);
        if (submitted.StatusCode == HttpStatusCode.NotFound)
        {
            tally.Abort("POST /api/jobs/analyses returned 404, so this server has no background jobs; use --mode sync.");
        }

        if (submitted.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            return Outcome.Rejected;
        }

        if (submitted.StatusCode != HttpStatusCode.Accepted)
        {
            return Outcome.Error(StatusText(submitted.StatusCode), Detail(body));
        }

        if (JobStatusUrl(body) is not { } statusUrl)
        {
            return Outcome.Error("job-no-status-url", "202 body has neither 'statusUrl' nor 'id': " + body);
        }

        // The status URL comes from the server, so it must name the same scheme, host and port as --url.
        if (statusUrl.GetLeftPart(UriPartial.Authority) != _options.BaseUrl.GetLeftPart(UriPartial.Authority))
        {
            return Outcome.Error("job-status-url-elsewhere", statusUrl.ToString());
        }

        while (true)
        {
            await Task.Delay(_options.PollInterval, cancellationToken);
            using var status = await _http.GetAsync(statusUrl, cancellationToken);
            string statusBody = await status.Content.ReadAsStringAsync(cancellationToken);
            if (status.StatusCode != HttpStatusCode.OK)
            {
                return Outcome.Error("poll-" + StatusText(status.StatusCode), Detail(statusBody));
            }

            using var job = JsonDocument.Parse(statusBody);
            string? state = job.RootElement.TryGetProperty("state", out var value) ? value.GetString() : null;
            switch (state)
            {
                case "succeeded":
                    return Outcome.Completed;
                case "failed" or "deadLetter":
                    // A photo the quality gate rejects inside a job counts as a rejection, as a 422 does in sync mode.
                    if (job.RootElement.TryGetProperty("failure", out var failure) && failure.GetString() == "photoRejected")
                    {
                        return Outcome.Rejected;
                    }

                    string? error = job.RootElement.TryGetProperty("error", out var text) ? text.ToString() : null;
                    return Outcome.Error("job-" + state, error);
                case "queued" or "running":
                    continue;
                default:
                    return Outcome.Error("job-unknown-state", statusBody);
            }
        }
    }

    private Uri? JobStatusUrl(string body)
    {
        try
        {
            using var job = JsonDocument.Parse(body);
            var root = job.RootElement;
            if (root.TryGetProperty("statusUrl", out var url) && url.GetString() is { Length: > 0 } relative)
            {
                return new Uri(_options.BaseUrl, relative);
            }

            return root.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } jobId
                ? new Uri(_options.BaseUrl, "/api/jobs/" + Uri.EscapeDataString(jobId))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static MultipartFormDataContent PhotoForm(Photo photo)
    {
        var file = new ByteArrayContent(photo.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(photo.ContentType);
        return new MultipartFormDataContent { { file, "photo", photo.FileName } };
    }

    private static async Task RequireSuccessAsync(HttpResponseMessage response, string step, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new SetupFailedException($"The {step} failed with {(int)response.StatusCode}: {Detail(body)}");
        }
    }

    private static string StatusText(HttpStatusCode status) =>
        ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Returns the ProblemDetails 'detail' of an error body, or the body itself.</summary>
    private static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("detail", out var detail))
            {
                return detail.ToString();
            }
        }
        catch (JsonException)
        {
            // The body is not JSON, so the body itself is the detail.
        }

        return body;
    }
}
