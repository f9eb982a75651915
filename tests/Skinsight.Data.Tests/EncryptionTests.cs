using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

public class EncryptionTests
{
    private const string HandleMarker = "handle-marker-Qx7Vd2";
    private const string ToneMarker = "tone-marker-Lm4Pz8";
    private const string PlanMarker = "plan-marker-Rb9Kw3";
    private const string AccountMarker = "account-marker-qx7vd2";
    private const string EmailMarker = "email-marker-hp3ty5@example.org";
    private const string NoteMarker = "note-marker-Vb8Nc1";
    private const string ProductMarker = "marker-source:Pk4Jd6";

    // A sensor reading with enough digits that its text or its 8-byte double form cannot occur by chance.
    private const double SensorMarker = 41.735193;
    private static readonly byte[] s_photoMarker = Encoding.ASCII.GetBytes("PHOTO-MARKER-Zt6Hn1");

    [Fact]
    public async Task Store_PersonalValues_LeaveNoPlaintextInDatabaseFiles()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, analysisId, _) = await AddMarkedRecordsAsync(temp.Store);

        // Read back first, so the scan below cannot pass because the values were lost.
        var record = await temp.Store.FindAnalysisAsync(personId, analysisId);
        Assert.NotNull(record);
        Assert.Contains(ToneMarker, record.AnalysisJson, StringComparison.Ordinal);
        Assert.Equal(ToneMarker, record.SkinToneCategory);
        Assert.Equal(MarkedPhoto(), await temp.Store.LoadPhotoAsync(personId, analysisId));
        var plan = Assert.Single(await temp.Store.ListPlansAsync(personId));
        Assert.Contains(PlanMarker, plan.PlanJson, StringComparison.Ordinal);
        var account = Assert.Single(await temp.Store.CreateContext().Users.ToListAsync());
        Assert.Equal(AccountMarker, account.UserName);
        Assert.Equal(EmailMarker, account.Email);
        var experience = Assert.Single(await temp.Store.ListExperiencesAsync(personId));
        Assert.Equal(ProductMarker, experience.ProductKey);
        Assert.Equal(NoteMarker, experience.Note);
        var value = Assert.Single((await temp.Store.LoadCheckInHistoryAsync(personId)).Values);
        Assert.Equal(SensorMarker, value.Value);

        // The WAL file exists while pooled connections are open, so it is scanned now and the main file after.
        var walHits = CountMarkers(temp.Path + "-wal");
        SqliteConnection.ClearAllPools();
        var fileHits = CountMarkers(temp.Path);

        Assert.True(File.Exists(temp.Path));
        Assert.Equal(0, walHits);
        Assert.Equal(0, fileHits);
        Assert.Equal(0, CountMarkers(Directory.EnumerateFiles(temp.KeyFolder, "*", SearchOption.AllDirectories)));
    }

    [Fact]
    public async Task DeletePerson_BackupTakenBefore_CannotBeDecrypted()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, analysisId, _) = await AddMarkedRecordsAsync(temp.Store);
        SqliteConnection.ClearAllPools();
        string backup = temp.Path + ".backup";
        File.Copy(temp.Path, backup);
        if (File.Exists(temp.Path + "-wal"))
        {
            File.Copy(temp.Path + "-wal", backup + "-wal");
        }

        Assert.True(await temp.Store.DeletePersonAsync(personId));

        Assert.False(temp.Store.Keys.HasDataKey(personId));
        Assert.Null(await temp.Store.FindAnalysisAsync(personId, analysisId));
        var restored = await StoreFactory.OpenAsync(backup, new KeyRingOptions(temp.KeyFolder));
        Assert.NotNull(await restored.FindPersonAsync(personId));
        await Assert.ThrowsAsync<DataKeyDestroyedException>(() => restored.FindAnalysisAsync(personId, analysisId));
        await Assert.ThrowsAsync<DataKeyDestroyedException>(() => restored.LoadPhotoAsync(personId, analysisId));
        await Assert.ThrowsAsync<DataKeyDestroyedException>(() => restored.ListPlansAsync(personId));
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, CountMarkers([backup, backup + "-wal"]));
    }

    [Fact]
    public async Task DeletePerson_OtherPerson_KeepsTheirData()
    {
        await using var temp = await TempStore.OpenAsync();
        var (erased, _, _) = await AddMarkedRecordsAsync(temp.Store);
        var other = await temp.Store.GetOrCreatePersonAsync("other-person");
        Guid otherAnalysis = await temp.Store.AddAnalysisAsync(other.Id, Samples.Analysis(), MarkedPhoto());

        await temp.Store.DeletePersonAsync(erased);

        Assert.Equal(MarkedPhoto(), await temp.Store.LoadPhotoAsync(other.Id, otherAnalysis));
    }

    [Fact]
    public async Task Save_ConcurrentFirstWrites_ReadableAfterReopen()
    {
        await using var temp = await TempStore.OpenAsync();
        await AssertConcurrentFirstWritesReadableAsync(temp.Store,
            () => StoreFactory.OpenAsync(temp.Path, new KeyRingOptions(temp.KeyFolder)));
    }

    [PostgresFact]
    public async Task Save_ConcurrentFirstWritesPostgres_ReadableAfterReopen()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await AssertConcurrentFirstWritesReadableAsync(temp.Store,
            () => StoreFactory.OpenAsync(temp.ConnectionString, new KeyRingOptions(temp.KeyFolder)));
    }

    [Fact]
    public async Task Open_ForeignKeyFolder_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync(HandleMarker);
        string otherParent = temp.KeyFolder + "-other";
        string otherKeys = Path.Combine(otherParent, "deeper", "keys");

        var error = await Assert.ThrowsAsync<KeyStoreException>(
            () => StoreFactory.OpenAsync(temp.Path, new KeyRingOptions(otherKeys)));

        Assert.Contains("--keys", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(otherParent));
        var reopened = await StoreFactory.OpenAsync(temp.Path, new KeyRingOptions(temp.KeyFolder));
        Assert.Equal(person.Id, (await reopened.GetOrCreatePersonAsync(HandleMarker)).Id);
    }

    [Fact]
    public async Task Open_KeyFolderWithoutHandleIndexKey_NamesTheFile()
    {
        await using var temp = await TempStore.OpenAsync();
        await temp.Store.GetOrCreatePersonAsync(HandleMarker);
        string indexKey = temp.Store.Keys.HandleIndexKeyPath;
        File.Move(indexKey, indexKey + ".aside");

        var error = await Assert.ThrowsAsync<KeyStoreException>(
            () => StoreFactory.OpenAsync(temp.Path, new KeyRingOptions(temp.KeyFolder)));

        Assert.Contains($"lacks {indexKey}", error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(temp.KeyFolder));
        File.Move(indexKey + ".aside", indexKey);
    }

    [Fact]
    public void Open_KeyFolderIsFile_Throws()
    {
        using var folder = new TempFolder();
        string file = folder.File("master.key");
        File.WriteAllText(file, "not a folder");

        var error = Assert.Throws<KeyStoreException>(() => KeyRing.Open(new KeyRingOptions(file)));

        Assert.Contains("is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_NewMasterKey_KeepsRecordsReadableAndOldKeyUseless()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, analysisId, _) = await AddMarkedRecordsAsync(temp.Store);
        string oldKey = temp.Store.Keys.Master.ToBase64();
        var next = MasterKey.Generate();

        int rewrapped = temp.Store.Keys.Rotate(next);

        Assert.Equal(2, rewrapped);
        string keyFile = Path.Combine(temp.KeyFolder, KeyRing.MasterKeyFileName);
        Assert.Equal(next.ToBase64(), File.ReadAllText(keyFile).Trim());
        var reopened = await StoreFactory.OpenAsync(temp.Path, new KeyRingOptions(temp.KeyFolder));
        Assert.Equal(MarkedPhoto(), await reopened.LoadPhotoAsync(personId, analysisId));
        var withOldKey = await StoreFactory.OpenAsync(temp.Path, new KeyRingOptions(temp.KeyFolder, oldKey));
        var error = await Assert.ThrowsAsync<KeyStoreException>(() => withOldKey.LoadPhotoAsync(personId, analysisId));
        Assert.Contains(next.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Open_NoKeyFile_CreatesItOwnerOnly()
    {
        await using var temp = await TempStore.OpenAsync();

        string keyFile = Path.Combine(temp.KeyFolder, KeyRing.MasterKeyFileName);

        Assert.True(File.Exists(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile)).Length);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Open_KeyFileReadableByOthers_ThrowsKeyStoreException()
    {
        using var folder = new TempFolder();
        string keys = folder.File("keys");
        Directory.CreateDirectory(keys);
        string keyFile = Path.Combine(keys, KeyRing.MasterKeyFileName);
        File.WriteAllText(keyFile, MasterKey.Generate().ToBase64());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<KeyStoreException>(
            () => StoreFactory.OpenAsync(folder.File("store.db"), new KeyRingOptions(keys)));

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_KeyFolderIsDatabaseFolder_ThrowsKeyStoreException()
    {
        using var folder = new TempFolder();

        var error = await Assert.ThrowsAsync<KeyStoreException>(
            () => StoreFactory.OpenAsync(folder.File("store.db"), new KeyRingOptions(folder.Path)));

        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_MasterKeyNot32Bytes_ThrowsKeyStoreException()
    {
        using var folder = new TempFolder();
        string shortKey = Convert.ToBase64String(new byte[16]);

        var error = await Assert.ThrowsAsync<KeyStoreException>(
            () => StoreFactory.OpenAsync(folder.File("store.db"), new KeyRingOptions(folder.File("keys"), shortKey)));

        Assert.Contains("16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_CiphertextMovedToOtherPerson_FailsAuthentication()
    {
        await using var temp = await TempStore.OpenAsync();
        var (victim, victimAnalysis, _) = await AddMarkedRecordsAsync(temp.Store);
        var attacker = await temp.Store.GetOrCreatePersonAsync("attacker");
        Guid attackerAnalysis = await temp.Store.AddAnalysisAsync(attacker.Id, Samples.Analysis(), MarkedPhoto());
        await using (var context = temp.Store.CreateContext())
        {
            // Copies the victim's sealed JSON into the attacker's row with SQL, bypassing the store.
            await context.Database.ExecuteSqlAsync(
                $"UPDATE analyses SET AnalysisJson = (SELECT AnalysisJson FROM analyses WHERE Id = {victimAnalysis}) WHERE Id = {attackerAnalysis}");
        }

        await Assert.ThrowsAsync<KeyStoreException>(() => temp.Store.FindAnalysisAsync(attacker.Id, attackerAnalysis));
        Assert.NotNull(await temp.Store.FindAnalysisAsync(victim, victimAnalysis));
    }

    private static async Task<(Guid PersonId, Guid AnalysisId, Guid PlanId)> AddMarkedRecordsAsync(SkinsightStore store)
    {
        var person = await store.GetOrCreatePersonAsync(HandleMarker);
        var analysis = Samples.Analysis() with { SkinTone = Samples.Analysis().SkinTone! with { Category = ToneMarker } };
        var plan = Samples.Plan() with
        {
            Am = [new RoutineStep("cleanse", "daily", PlanMarker, null, ["salicylic acid"], ["acne"])],
        };
        var (analysisId, planId) = await store.AddAnalysisWithPlanAsync(
            person.Id, analysis, MarkedPhoto(), Samples.Profile(), plan);

        await using (var accounts = AccountManager.Create(store))
        {
            var account = new Account { Id = Guid.NewGuid(), PersonId = person.Id, UserName = AccountMarker, Email = EmailMarker };
            Assert.True((await accounts.Users.CreateAsync(account, "correct horse battery")).Succeeded);
        }

        await store.RecordExperienceAsync(person.Id, ProductMarker, ExperienceKind.Reacted, NoteMarker);
        var at = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        await store.AddCheckInAsync(person.Id, new CheckInRecord
        {
            TakenAt = at,
            Values = [new CheckInValueRecord { Source = CheckInValueSource.Sensor, Kind = "hydration", Value = SensorMarker, Unit = "AU", MeasuredAt = at }],
        }, null, null);
        return (person.Id, analysisId, planId);
    }

    /// <summary>
    /// Checks that concurrent first writes of a person all use the data key kept on disk. A request that used
    /// another key would leave rows that cannot be read after a restart.
    /// </summary>
    private static async Task AssertConcurrentFirstWritesReadableAsync(SkinsightStore store, Func<Task<SkinsightStore>> reopen)
    {
        const int WritesPerPerson = 8;
        var people = new List<Guid>();
        for (int i = 0; i < 6; i++)
        {
            people.Add((await store.GetOrCreatePersonAsync($"racer-{i}")).Id);
        }

        await Task.WhenAll(people.SelectMany(id => Enumerable.Range(0, WritesPerPerson).Select(_ => Task.Run(() =>
            store.AddAnalysisWithPlanAsync(id, Samples.Analysis(), MarkedPhoto(), Samples.Profile(), Samples.Plan())))));

        var reopened = await reopen();
        foreach (Guid id in people)
        {
            Assert.Equal(WritesPerPerson, (await reopened.ListPlansAsync(id)).Count);
        }
    }

    private static byte[] MarkedPhoto() => [0xFF, 0xD8, 0xFF, 0xE0, .. s_photoMarker, .. s_photoMarker, 0xFF, 0xD9];

    private static int CountMarkers(string path) => CountMarkers([path]);

    /// <summary>The sensor marker as an 8-byte IEEE double, big-endian as SQLite stores a REAL, or little-endian.</summary>
    private static byte[] DoubleBytes(bool bigEndian)
    {
        var bytes = new byte[sizeof(double)];
        if (bigEndian)
        {
            BinaryPrimitives.WriteDoubleBigEndian(bytes, SensorMarker);
        }
        else
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, SensorMarker);
        }

        return bytes;
    }

    /// <summary>Counts occurrences of every marker in the files that exist among <paramref name="paths"/>.</summary>
    private static int CountMarkers(IEnumerable<string> paths)
    {
        byte[][] markers =
        [
            s_photoMarker,
            Encoding.UTF8.GetBytes(HandleMarker),
            Encoding.UTF8.GetBytes(ToneMarker),
            Encoding.UTF8.GetBytes(PlanMarker),
            Encoding.Unicode.GetBytes(HandleMarker),
            Encoding.UTF8.GetBytes(AccountMarker),
            Encoding.UTF8.GetBytes(AccountMarker.ToUpperInvariant()),
            Encoding.UTF8.GetBytes(EmailMarker),
            Encoding.UTF8.GetBytes(EmailMarker.ToUpperInvariant()),
            Encoding.UTF8.GetBytes(NoteMarker),
            Encoding.UTF8.GetBytes(ProductMarker),
            Encoding.UTF8.GetBytes(SensorMarker.ToString(CultureInfo.InvariantCulture)),
            DoubleBytes(bigEndian: true),
            DoubleBytes(bigEndian: false),
        ];
        int hits = 0;
        foreach (string path in paths.Where(File.Exists))
        {
            byte[] content = File.ReadAllBytes(path);
            foreach (byte[] marker in markers)
            {
                for (int at = content.AsSpan().IndexOf(marker); at >= 0;)
                {
                    hits++;
                    int next = content.AsSpan(at + 1).IndexOf(marker);
                    at = next < 0 ? -1 : at + 1 + next;
                }
            }
        }

        return hits;
    }
}
