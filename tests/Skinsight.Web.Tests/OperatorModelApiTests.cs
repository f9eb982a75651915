using System.Net;
using System.Text.Json;
using Skinsight.Testing;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>The operator's read-only model list, over a model folder written by the test.</summary>
public class OperatorModelApiTests(OperatorModelApiTests.ModelApp app) : IClassFixture<OperatorModelApiTests.ModelApp>
{
    [Fact]
    public async Task Models_Operator_ReturnsCardMetricsAndMetadata()
    {
        var response = await app.Operator.GetAsync("/api/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var models = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var list = models.RootElement.EnumerateArray().ToList();
        Assert.Equal(["no-card", "ranker"], list.Select(m => m.GetProperty("name").GetString()));
        var ranker = list[1];
        Assert.Equal("Model card: test ranker", ranker.GetProperty("title").GetString());
        Assert.Equal("MODEL_CARD.md", ranker.GetProperty("cardFile").GetString());
        Assert.Equal("AUC 0.760 on held-out authors.", ranker.GetProperty("metrics").GetString());
        Assert.Equal(["Summary", "Data", "Metrics"],
            ranker.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("heading").GetString()));
        var values = ranker.GetProperty("metadata")[0].GetProperty("values").EnumerateArray()
            .ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value").GetString());
        Assert.Equal("0.7597", values["validation.auc"]);
        Assert.False(values.ContainsKey("losses"), "arrays are left out of the metadata");
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("cardFile").ValueKind);
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("metrics").ValueKind);
    }

    [Fact]
    public async Task Models_Person_Returns403()
    {
        var response = await app.Person.GetAsync("/api/models");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public void SplitMarkdown_EvaluationHeading_KeepsTitleAndSections()
    {
        string markdown = "# Card\r\nIntro.\r\n\r\n## Evaluation\r\nF1 0.9\r\n";

        var (title, sections) = Endpoints.ModelEndpoints.SplitMarkdown(markdown, "fallback");

        Assert.Equal("Card", title);
        Assert.Equal(2, sections.Count);
        Assert.Equal("Evaluation", sections[1].Heading);
        Assert.Equal("F1 0.9", sections[1].Text);
    }

    /// <summary>An app whose model folder contains a ranker with a card and metadata, and a folder without a card.</summary>
    public sealed class ModelApp : WebAppFixture, IDisposable
    {
        private readonly TempFolder _models = new();

        protected override WebHostOptions Configure(WebHostOptions options)
        {
            string ranker = Directory.CreateDirectory(_models.File("ranker")).FullName;
            File.WriteAllText(Path.Combine(ranker, "MODEL_CARD.md"),
                "# Model card: test ranker\n\nRanks products.\n\n## Data\n\nReviews.\n\n"
                + "## Metrics\n\nAUC 0.760 on held-out authors.\n");
            File.WriteAllText(Path.Combine(ranker, "report.json"),
                """{"seed": 7, "validation": {"auc": 0.75974, "split": "authors"}, "losses": [1.0, 0.5]}""");
            string noCard = Directory.CreateDirectory(_models.File("no-card")).FullName;
            File.WriteAllBytes(Path.Combine(noCard, "weights.bin"), [1, 2, 3]);
            return options with { ModelFolder = _models.Path };
        }

        public void Dispose() => _models.Dispose();
    }
}
