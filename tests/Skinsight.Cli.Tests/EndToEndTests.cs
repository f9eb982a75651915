using System.Text.Json;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class EndToEndTests
{
    [SharedDataFact("sephora-cosmetics-1472/cosmetics.csv", "images/utkface-crop-part1/images")]
    public async Task Plan_RealPhotoAndCatalog_BuildsSafeRoutineFromCatalog()
    {
        using var cli = new CliHarness();
        string photo = Directory.EnumerateFiles(SharedData.PathOf("images/utkface-crop-part1/images")).Order().First();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");

        var import = await cli.RunAsync("catalog", "import", SharedData.PathOf("sephora-cosmetics-1472/cosmetics.csv"));
        var plan = await cli.RunAsync("plan", "--profile", profile, "--photo", photo, "--json");

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(0, plan.ExitCode);
        using var json = JsonDocument.Parse(plan.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("fromCatalog").GetBoolean());
        var am = root.GetProperty("am").EnumerateArray().ToList();
        Assert.Equal("sunscreen", am[^1].GetProperty("step").GetString());
        foreach (var step in am.Concat(root.GetProperty("pm").EnumerateArray()))
        {
            Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("reason").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("frequency").GetString()));
        }

        Assert.True(root.GetProperty("totalPriceUsd").GetDecimal() <= 120m);
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("analysis").ValueKind);
    }

    [SharedDataFact("images/acne04-roboflow/images")]
    public async Task Analyze_RealPhoto_WritesJsonKeysAndOverlays()
    {
        using var cli = new CliHarness();
        string photo = Directory.EnumerateFiles(SharedData.PathOf("images/acne04-roboflow/images"), "*.jpg").Order().First();
        string overlays = cli.File("overlays");

        var result = await cli.RunAsync("analyze", photo, "--json", "--out", overlays);

        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("quality").TryGetProperty("accepted", out _));
        Assert.True(root.GetProperty("quality").TryGetProperty("score", out _));
        Assert.True(root.GetProperty("quality").TryGetProperty("issues", out _));
        Assert.True(root.TryGetProperty("mode", out _));
        if (result.ExitCode == 0)
        {
            Assert.True(root.GetProperty("metrics").EnumerateObject().Count() >= 5);
            Assert.True(root.GetProperty("skinTone").TryGetProperty("ita", out _));
            Assert.True(root.GetProperty("skinTone").TryGetProperty("category", out _));
            Assert.NotEmpty(Directory.GetFiles(overlays, "*.png"));
        }
    }

    [SharedDataFact("images/ham10000-dermamnist/images/ISIC_0024310.jpg")]
    public async Task Analyze_MelanomaCloseup_RaisesDermatologistFlag()
    {
        using var cli = new CliHarness();
        string photo = SharedData.PathOf("images/ham10000-dermamnist/images/ISIC_0024310.jpg");

        var result = await cli.RunAsync("analyze", photo, "--json", "--no-store");

        using var json = JsonDocument.Parse(result.Stdout);
        var flags = json.RootElement.GetProperty("flags").EnumerateArray().ToList();
        Assert.Contains(flags, f => f.GetProperty("code").GetString() == "see-dermatologist");
    }
}
