using System.Text.Json;
using Microsoft.Data.Sqlite;
using Skinsight.Core.Analysis;
using Skinsight.Data;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class TrackingCommandTests
{
    [Fact]
    public async Task CheckInAddThenProgress_WritesTrendAndCharts()
    {
        using var cli = new CliHarness();
        string[] irritation = ["6", "5", "5", "4", "3", "2"];
        for (int week = 0; week < irritation.Length; week++)
        {
            string at = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc).AddDays(7 * week).ToString("O");
            var add = await cli.RunAsync("checkin", "add", "--rating", $"irritation={irritation[week]}",
                "--reading", $"ambient-humidity={40 + week}:%", "--at", at);
            Assert.True(add.ExitCode == 0, add.Stderr);
        }

        string charts = cli.File("charts");
        var progress = await cli.RunAsync("progress", "--json", "--charts", charts, "--format", "both");
        var list = await cli.RunAsync("checkin", "list", "--json", "--limit", "2");

        Assert.Equal(0, progress.ExitCode);
        using var json = JsonDocument.Parse(progress.Stdout);
        var measures = json.RootElement.GetProperty("measures").EnumerateArray().ToList();
        var irritationTrend = measures.Single(m => m.GetProperty("kind").GetString() == "irritation").GetProperty("trend");
        var humidityTrend = measures.Single(m => m.GetProperty("kind").GetString() == "ambient-humidity").GetProperty("trend");
        Assert.Equal("improving", irritationTrend.GetProperty("verdict").GetString());
        Assert.Equal("rising", humidityTrend.GetProperty("verdict").GetString());
        Assert.True(File.Exists(Path.Combine(charts, "irritation.png")));
        Assert.True(File.Exists(Path.Combine(charts, "ambient-humidity.svg")));
        using var listed = JsonDocument.Parse(list.Stdout);
        Assert.Equal(2, listed.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CheckInDelete_OwnId_RemovesIt()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("checkin", "add", "--rating", "dryness=4", "--at", "2026-03-02T08:00Z");
        var second = await cli.RunAsync("checkin", "add", "--rating", "dryness=5", "--at", "2026-03-09T08:00Z");
        Assert.True(second.ExitCode == 0, second.Stderr);
        using var before = JsonDocument.Parse((await cli.RunAsync("checkin", "list", "--json")).Stdout);
        string id = before.RootElement.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("time").GetDateTimeOffset().Day == 2).GetProperty("id").GetString()!;

        var delete = await cli.RunAsync("checkin", "delete", id);
        var again = await cli.RunAsync("checkin", "delete", id);
        using var after = JsonDocument.Parse((await cli.RunAsync("checkin", "list", "--json")).Stdout);

        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Contains($"Deleted check-in {id}.", delete.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"Check-in {id} was not found", Assert.Single(again.ErrorLines), StringComparison.Ordinal);
        var left = Assert.Single(after.RootElement.GetProperty("items").EnumerateArray());
        Assert.NotEqual(id, left.GetProperty("id").GetString());
    }

    [Fact]
    public async Task CheckInDelete_InvalidId_PrintsOneLineError()
    {
        using var cli = new CliHarness();
        await cli.CreateDatabaseAsync();

        var result = await cli.RunAsync("checkin", "delete", "yesterday");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Check-in id 'yesterday' is invalid", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_FaceAndCloseup_ChartPerMode()
    {
        using var cli = new CliHarness();
        var store = await StoreFactory.OpenAsync(cli.DatabasePath, new KeyRingOptions(cli.KeyFolder));
        var person = await store.GetOrCreateDefaultPersonAsync();
        var start = new DateTime(2026, 2, 2, 8, 0, 0, DateTimeKind.Utc);
        for (int week = 0; week < 5; week++)
        {
            var at = start.AddDays(7 * week);
            await store.AddCheckInAsync(person.Id, PhotoCheckIn(at, AnalysisMode.Face, 50 - week), null, null);
            await store.AddCheckInAsync(person.Id, PhotoCheckIn(at, AnalysisMode.Closeup, 20), null, null);
        }

        SqliteConnection.ClearAllPools();
        string charts = cli.File("charts");
        var progress = await cli.RunAsync("progress", "--charts", charts);

        Assert.True(progress.ExitCode == 0, progress.Stderr);
        Assert.Contains("redness (face)", progress.Stdout, StringComparison.Ordinal);
        Assert.Contains("redness (close-up)", progress.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(charts, "redness-face.png")));
        Assert.True(File.Exists(Path.Combine(charts, "redness-closeup.png")));
        Assert.False(File.Exists(Path.Combine(charts, "redness.png")));
        SqliteConnection.ClearAllPools();
    }

    private static CheckInRecord PhotoCheckIn(DateTime at, AnalysisMode mode, double redness) => new()
    {
        TakenAt = at,
        Values =
        [
            new CheckInValueRecord
            {
                Source = CheckInValueSource.Photo, Mode = mode, Kind = "redness", Value = redness, Unit = "score", MeasuredAt = at,
            },
        ],
    };

    [Theory]
    [InlineData("--rating", "dryness=eleven", "'eleven' where a number is expected")]
    [InlineData("--rating", "redness=3", "Unknown self-rating 'redness'")]
    [InlineData("--reading", "hydration=40", "has no unit")]
    [InlineData("--reading", "uv-dose=40:W", "Unit 'W' is not accepted for uv-dose")]
    [InlineData("--step", "plan:am:0", "--step 'plan:am:0' is invalid")]
    [InlineData("--at", "yesterday", "--at time 'yesterday' is invalid")]
    public async Task CheckInAdd_InvalidValue_PrintsOneLineError(string option, string value, string expected)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("checkin", "add", option, value);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("folder", "is a folder")]
    [InlineData("missing/ba.png", "does not exist")]
    [InlineData("ba.jpg", "does not end in .png")]
    public async Task ProgressBeforeAfter_BadPath_PrintsOneLineError(string name, string expected)
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.File("folder"));
        string path = cli.File(name);

        var result = await cli.RunAsync("progress", "--before-after", path);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(Path.GetFullPath(path), line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.File("ba.jpg")));
    }

    [Fact]
    public async Task PlanText_PrintsPlanIdForCheckIns()
    {
        using var cli = new CliHarness();
        string profile = cli.File("profile.json");
        await File.WriteAllTextAsync(profile, """{"age": 30, "skinType": "dry", "concerns": ["dryness"]}""");

        var text = await cli.RunAsync("plan", "--profile", profile);
        var json = await cli.RunAsync("plan", "--profile", profile, "--json");

        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Matches(@"Plan id: [0-9a-f-]{36}\. Report a step's use with 'skinsight checkin add --step [0-9a-f-]{36}:am:0'", text.Stdout);
        using var plan = JsonDocument.Parse(json.Stdout);
        Assert.True(Guid.TryParse(plan.RootElement.GetProperty("planId").GetString(), out _));
    }

    [Fact]
    public async Task ProgressText_NoEffects_PrintsTheNote()
    {
        using var cli = new CliHarness();
        for (int week = 0; week < 4; week++)
        {
            string at = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc).AddDays(7 * week).ToString("O");
            var add = await cli.RunAsync("checkin", "add", "--rating", $"dryness={6 - week}", "--at", at);
            Assert.True(add.ExitCode == 0, add.Stderr);
        }

        var progress = await cli.RunAsync("progress");

        Assert.Equal(0, progress.ExitCode);
        Assert.Contains("No effects of actives.", progress.Stdout, StringComparison.Ordinal);
        Assert.Contains("records the routine steps used", progress.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EfficacyStoreText_NoRows_SaysWhy()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("efficacy", "store", "--min-people", "5");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("No estimates: no group of at least 5 people", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Active", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EfficacyStore_MinPeopleNotANumber_NamesNoDotNetType()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("efficacy", "store", "--min-people", "abc");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("--min-people 'abc' is invalid; pass a whole number.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EfficacyReviewsText_NoRows_SaysWhy()
    {
        using var cli = new CliHarness();
        string folder = cli.File("reviews");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "essence_reviews.csv"),
            "product_id,product_rating,user_id,user_keywords,user_rating\np1,4.5,kim****,dry,5\np2,4.0,lee****,oily,4\n");
        string catalog = cli.File("essence_ingredients.csv");
        await File.WriteAllTextAsync(catalog, "product_id,ingredients\np1,\"정제수,글리세린\"\np2,\"정제수,나이아신아마이드\"\n");

        var result = await cli.RunAsync("efficacy", "reviews", "--reviews", folder, "--ingredients", catalog);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("2 reviews; 2 of them rate one of 2 products", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("No rows: no active and concern has at least", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Stars", result.Stdout, StringComparison.Ordinal);
    }

    [SharedDataFact("oliveyoung-kr-reviews/table3_essence_ingredients.csv")]
    public async Task EfficacyReviews_OliveYoung_ReportsRowsWithIntervals()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("efficacy", "reviews", "--reviews", SharedData.PathOf("oliveyoung-kr-reviews"), "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var comparison = row.GetProperty("comparison");
            Assert.InRange(comparison.GetProperty("pValue").GetDouble(), 0, 1);
            Assert.True(comparison.GetProperty("lower").GetDouble() <= comparison.GetProperty("upper").GetDouble());
        }
    }
}
