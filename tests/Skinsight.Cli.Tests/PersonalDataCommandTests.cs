using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Skinsight.Data.Encryption;
using Skinsight.Testing;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class PersonalDataCommandTests
{
    [Fact]
    public async Task Export_AfterPlan_WritesZipWithThePlan()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");
        var plan = await cli.RunAsync("plan", "--profile", profile, "--json");
        Assert.Equal(0, plan.ExitCode);
        string archivePath = cli.File("export.zip");

        var export = await cli.RunAsync("export", "--out", archivePath);

        Assert.Equal(0, export.ExitCode);
        using var archive = ZipFile.OpenRead(archivePath);
        using var data = await JsonDocument.ParseAsync(archive.GetEntry("skinsight-data.json")!.Open());
        Assert.Equal(1, data.RootElement.GetProperty("plans").GetArrayLength());
        Assert.False(File.Exists(archivePath + ".partial"));
    }

    [Fact]
    public async Task Export_Person_LabelsHandleDigest()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("checkin", "add", "--rating", "dryness=4");
        string archivePath = cli.File("export.zip");

        var export = await cli.RunAsync("export", "--out", archivePath);

        Assert.Equal(0, export.ExitCode);
        using var archive = ZipFile.OpenRead(archivePath);
        using var data = await JsonDocument.ParseAsync(archive.GetEntry("skinsight-data.json")!.Open());
        var person = data.RootElement.GetProperty("person");
        Assert.StartsWith("h1:", person.GetProperty("handleDigest").GetString(), StringComparison.Ordinal);
        Assert.False(person.TryGetProperty("handle", out _));
    }

    [Fact]
    public async Task Export_ExistingFile_FailsWithoutOverwriting()
    {
        using var cli = new CliHarness();
        string archivePath = cli.File("export.zip");
        await File.WriteAllTextAsync(archivePath, "keep me");

        var export = await cli.RunAsync("export", "--out", archivePath);

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("already exists", Assert.Single(export.ErrorLines), StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(archivePath));
    }

    [Fact]
    public async Task Export_OutIsFolder_FailsWithOneLine()
    {
        using var cli = new CliHarness();
        var checkin = await cli.RunAsync("checkin", "add", "--rating", "dryness=4");
        Assert.Equal(0, checkin.ExitCode);
        string folder = cli.File("exports");
        Directory.CreateDirectory(folder);

        var export = await cli.RunAsync("export", "--out", folder);

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("is a folder", Assert.Single(export.ErrorLines), StringComparison.Ordinal);
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public async Task Export_ParentIsFile_SaysItIsAFile()
    {
        using var cli = new CliHarness();
        string file = cli.File("notes.txt");
        await File.WriteAllTextAsync(file, "not a folder");

        var export = await cli.RunAsync("export", "--out", Path.Combine(file, "export.zip"));

        Assert.Equal(1, export.ExitCode);
        string error = Assert.Single(export.ErrorLines);
        Assert.Contains("which is a file, not a folder", error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnwritableFolder_NamesTheTarget()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("checkin", "add", "--rating", "dryness=4");

        // /proc exists but accepts no new files, for root as well, so this fails the same way for every user.
        var export = await cli.RunAsync("export", "--out", "/proc/export.zip");

        Assert.Equal(1, export.ExitCode);
        string error = Assert.Single(export.ErrorLines);
        Assert.Contains("Could not create /proc/export.zip.partial to write /proc/export.zip", error, StringComparison.Ordinal);
        Assert.Contains("a folder you can write to", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_WithoutYes_FailsAndKeepsData()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");
        await cli.RunAsync("plan", "--profile", profile);

        var erase = await cli.RunAsync("erase");

        Assert.Equal(1, erase.ExitCode);
        Assert.Contains("--yes", Assert.Single(erase.ErrorLines), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(cli.KeyFolder, "data-keys")));
    }

    [Fact]
    public async Task Erase_WithYes_DestroysKeyAndEmptiesExport()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");
        await cli.RunAsync("plan", "--profile", profile);

        var erase = await cli.RunAsync("erase", "--yes");
        var export = await cli.RunAsync("export", "--out", cli.File("after.zip"));

        Assert.Equal(0, erase.ExitCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(cli.KeyFolder, "data-keys")));
        Assert.Equal(0, export.ExitCode);
        using var archive = ZipFile.OpenRead(cli.File("after.zip"));
        using var data = await JsonDocument.ParseAsync(archive.GetEntry("skinsight-data.json")!.Open());
        Assert.Equal(0, data.RootElement.GetProperty("plans").GetArrayLength());
    }

    [Fact]
    public async Task Erase_Twice_SecondFindsNothing()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");
        await cli.RunAsync("plan", "--profile", profile);
        await cli.RunAsync("erase", "--yes");

        var again = await cli.RunAsync("erase", "--yes");
        var json = await cli.RunAsync("erase", "--yes", "--json");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing to erase", Assert.Single(again.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        using var result = JsonDocument.Parse(json.Stdout);
        Assert.Equal(JsonValueKind.Null, result.RootElement.GetProperty("erasedPerson").ValueKind);
        await using var connection = new SqliteConnection($"Data Source={cli.DatabasePath}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM people";
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task KeysRotate_KeyFile_ReplacesKeyAndKeepsPlansReadable()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");
        await cli.RunAsync("plan", "--profile", profile);
        string keyFile = Path.Combine(cli.KeyFolder, KeyRing.MasterKeyFileName);
        string before = await File.ReadAllTextAsync(keyFile);

        var rotate = await cli.RunAsync("keys", "rotate");
        var export = await cli.RunAsync("export", "--out", cli.File("rotated.zip"));

        Assert.Equal(0, rotate.ExitCode);
        Assert.Contains("Rewrapped 2 data keys", rotate.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(before, await File.ReadAllTextAsync(keyFile));
        Assert.Equal(0, export.ExitCode);
        using var archive = ZipFile.OpenRead(cli.File("rotated.zip"));
        using var data = await JsonDocument.ParseAsync(archive.GetEntry("skinsight-data.json")!.Open());
        Assert.Equal(1, data.RootElement.GetProperty("plans").GetArrayLength());
    }

    [Fact]
    public async Task Json_ExportEraseRotate_PrintOneObjectEach()
    {
        using var cli = new CliHarness();
        string profile = Path.Combine(RepositoryRoot.Find()!, "examples", "profile.json");
        await cli.RunAsync("plan", "--profile", profile);
        string archivePath = cli.File("export.zip");

        var export = await cli.RunAsync("export", "--out", archivePath, "--json");
        var rotate = await cli.RunAsync("keys", "rotate", "--json");
        var erase = await cli.RunAsync("erase", "--yes", "--json");

        Assert.Equal(0, export.ExitCode);
        using var exported = JsonDocument.Parse(export.Stdout);
        Assert.Equal(archivePath, exported.RootElement.GetProperty("path").GetString());
        Assert.Equal(new FileInfo(archivePath).Length, exported.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal(0, rotate.ExitCode);
        using var rotated = JsonDocument.Parse(rotate.Stdout);
        Assert.Equal(2, rotated.RootElement.GetProperty("rewrappedDataKeys").GetInt32());
        Assert.NotEqual(
            rotated.RootElement.GetProperty("previousMasterKey").GetString(),
            rotated.RootElement.GetProperty("masterKey").GetString());
        Assert.Equal(0, erase.ExitCode);
        using var erased = JsonDocument.Parse(erase.Stdout);
        Assert.True(erased.RootElement.GetProperty("erasedPerson").TryGetGuid(out _));
    }

    [Fact]
    public async Task KeysRotate_CurrentKeyAsNewKey_FailsSayingNothingChanges()
    {
        using var cli = new CliHarness();
        await cli.CreateDatabaseAsync();
        string keyFile = Path.Combine(cli.KeyFolder, KeyRing.MasterKeyFileName);
        string before = await File.ReadAllTextAsync(keyFile);

        var rotate = await cli.RunAsync("keys", "rotate", "--new-key", keyFile);

        Assert.Equal(1, rotate.ExitCode);
        Assert.Contains("holds the current master key", Assert.Single(rotate.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task KeysRotate_NewKeyIsFolder_SaysFolder()
    {
        using var cli = new CliHarness();
        await cli.CreateDatabaseAsync();
        string folder = cli.File("key-folder");
        Directory.CreateDirectory(folder);

        var rotate = await cli.RunAsync("keys", "rotate", "--new-key", folder);

        Assert.Equal(1, rotate.ExitCode);
        Assert.Contains("is a folder", Assert.Single(rotate.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRotate_MissingNewKeyFile_FailsWithOneLine()
    {
        using var cli = new CliHarness();
        await cli.CreateDatabaseAsync();

        var rotate = await cli.RunAsync("keys", "rotate", "--new-key", cli.File("absent.key"));

        Assert.Equal(1, rotate.ExitCode);
        Assert.Contains("The new master key file", Assert.Single(rotate.ErrorLines), StringComparison.Ordinal);
    }
}
