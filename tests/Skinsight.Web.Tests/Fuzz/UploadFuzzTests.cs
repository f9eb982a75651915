using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Skinsight.Web.Hosting;
using Xunit.Abstractions;

namespace Skinsight.Web.Tests.Fuzz;

/// <summary>
/// Sends malformed images to <c>POST /api/analyses</c> and requires every response to be either a 200 analysis
/// or a 4xx ProblemDetails. The default run is small enough for CI; set <c>SKINSIGHT_FUZZ_COUNT</c> for a
/// longer one.
/// </summary>
public class UploadFuzzTests(UploadFuzzTests.UnlimitedApp app, ITestOutputHelper output)
    : IClassFixture<UploadFuzzTests.UnlimitedApp>
{
    /// <summary>Cases in the default run, sized to finish in under a minute on two busy cores.</summary>
    private const int DefaultCount = 140;

    [Fact]
    public async Task Analyses_MalformedImages_ReturnOnly200Or4xxProblems()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("SKINSIGHT_FUZZ_COUNT"), out int requested)
            ? requested
            : DefaultCount;
        var corpus = new MalformedImageCorpus(seed: 20261204);
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();

        // Two requests at a time, one per core of the development machine; the corpus order stays fixed.
        await Parallel.ForEachAsync(corpus.Generate(count), new ParallelOptions { MaxDegreeOfParallelism = 2 },
            async (corpusCase, _) =>
            {
                if (await SendAsync(corpusCase, statuses) is { } failure)
                {
                    failures.Add(failure);
                }
            });

        output.WriteLine($"{count} cases in {clock.Elapsed.TotalSeconds:F1} s; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(count, statuses.Values.Sum());
        Assert.False(statuses.ContainsKey(500));
    }

    [Fact]
    public void Generate_SameSeed_GivesSameCorpus()
    {
        var first = new MalformedImageCorpus(seed: 7).Generate(30).ToList();
        var second = new MalformedImageCorpus(seed: 7).Generate(30).ToList();

        Assert.Equal(first.Select(c => c.Bytes), second.Select(c => c.Bytes));
        Assert.Equal(Enum.GetValues<Mutation>().Length, first.Select(c => c.Mutation).Distinct().Count());
    }

    [Fact]
    public async Task Analyses_UndamagedSeeds_AreDecoded()
    {
        // The seeds must decode, or every mutation would be rejected at the first check and test nothing deeper.
        foreach (var (format, bytes) in new MalformedImageCorpus(seed: 3).Seeds)
        {
            var response = await app.Person.PostAsync("/api/analyses", PhotoForm(bytes));
            string body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{format}: {body}");
        }
    }

    /// <summary>Sends one case and returns a description of what was wrong with the response, or null.</summary>
    private async Task<string?> SendAsync(CorpusCase corpusCase, ConcurrentDictionary<int, int> statuses)
    {
        HttpResponseMessage response;
        try
        {
            response = await app.Person.PostAsync("/api/analyses", PhotoForm(corpusCase.Bytes));
        }
        catch (Exception ex)
        {
            return $"{corpusCase}: the request failed with {ex.GetType().Name}: {ex.Message}";
        }

        int status = (int)response.StatusCode;
        statuses.AddOrUpdate(status, 1, (_, seen) => seen + 1);
        string body = await response.Content.ReadAsStringAsync();
        if (status == 200)
        {
            return null;
        }

        if (status is < 400 or > 499)
        {
            return $"{corpusCase}: status {status}: {body}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{corpusCase}: status {status} with content type {response.Content.Headers.ContentType}";
        }

        using var problem = JsonDocument.Parse(body);
        bool named = problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString()?.Length > 0;
        return named ? null : $"{corpusCase}: status {status} ProblemDetails without a detail: {body}";
    }

    private static MultipartFormDataContent PhotoForm(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "photo", "upload.bin" } };
    }

    /// <summary>An app without upload rate limits, so that the fuzz run measures the decoder and not the limiter.</summary>
    public sealed class UnlimitedApp : WebAppFixture
    {
        protected override WebHostOptions Configure(WebHostOptions options) => options with { UploadsPerMinute = 0 };
    }
}
