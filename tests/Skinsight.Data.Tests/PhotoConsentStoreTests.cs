using Microsoft.Data.Sqlite;
using Npgsql;
using Skinsight.Core.Analysis;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

/// <summary>
/// Writes that keep a photo only under keep-photos consent (<c>photoNeedsConsent</c>), against a withdrawal that
/// commits between the caller's consent check and the write.
/// </summary>
public class PhotoConsentStoreTests
{
    private const string OverlayUrl = "/api/overlays/0123456789abcdef0123456789abcdef/redness.png";

    public static TheoryData<string> Writes { get; } = ["analysis", "plan", "check-in", "job"];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_ConsentWithdrawn_KeepsNoPhotoOrOverlays(string write)
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("withdraws");
        await temp.Store.GrantConsentAsync(person.Id, ConsentPurpose.KeepPhotos, "v1");
        await temp.Store.WithdrawConsentAsync(person.Id, ConsentPurpose.KeepPhotos);

        Guid analysisId = await WriteAsync(temp.Store, write, person.Id);

        Assert.Null(await temp.Store.LoadPhotoAsync(person.Id, analysisId));
        Assert.Equal(0, await temp.Store.CountPhotosAsync(person.Id));
        var stored = await temp.Store.FindAnalysisAsync(person.Id, analysisId);
        Assert.NotNull(stored);
        Assert.Empty(SkinsightStore.ReadAnalysis(stored).Overlays);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_ConsentHeld_KeepsPhotoAndOverlays(string write)
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("keeps");
        await temp.Store.GrantConsentAsync(person.Id, ConsentPurpose.KeepPhotos, "v1");

        Guid analysisId = await WriteAsync(temp.Store, write, person.Id);

        Assert.Equal(Samples.PhotoBytes(7), await temp.Store.LoadPhotoAsync(person.Id, analysisId));
        var stored = await temp.Store.FindAnalysisAsync(person.Id, analysisId);
        Assert.NotNull(stored);
        Assert.Equal(OverlayUrl, SkinsightStore.ReadAnalysis(stored).Overlays[MeasureNames.Redness]);
    }

    [PostgresFact]
    public async Task AddAnalysis_ConsentWithdrawnPostgres_KeepsNoPhoto()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("withdraws");
        await temp.Store.GrantConsentAsync(person.Id, ConsentPurpose.KeepPhotos, "v1");
        await temp.Store.WithdrawConsentAsync(person.Id, ConsentPurpose.KeepPhotos);

        Guid analysisId = await WriteAsync(temp.Store, "analysis", person.Id);

        Assert.Null(await temp.Store.LoadPhotoAsync(person.Id, analysisId));
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, analysisId));
    }

    [Fact]
    public async Task AddAnalysis_NoConsentNeeded_KeepsPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();

        Guid analysisId = await temp.Store.AddAnalysisAsync(person.Id, Samples.Analysis(), Samples.PhotoBytes(7));

        Assert.Equal(Samples.PhotoBytes(7), await temp.Store.LoadPhotoAsync(person.Id, analysisId));
    }

    // LockPersonAsync relies on this: the transaction holds SQLite's write lock before its first read.
    [Fact]
    public async Task BeginTransaction_Sqlite_TakesWriteLockAtOnce()
    {
        await using var temp = await TempStore.OpenAsync();
        await using var context = temp.Store.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync();
        // Microsoft.Data.Sqlite retries a busy database until the command timeout, and 0 would mean no limit.
        var other = new SqliteConnectionStringBuilder(temp.Store.Spec.ConnectionString) { DefaultTimeout = 1 };
        await using var connection = new SqliteConnection(other.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";

        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(5, error.SqliteErrorCode);
    }

    // Both sides lock the person's row, so a withdrawal waits for a photo write in flight and the other way round.
    [PostgresFact]
    public async Task PhotoWriteAndWithdrawal_PersonLocked_BothWait()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("locked");
        await temp.Store.GrantConsentAsync(person.Id, ConsentPurpose.KeepPhotos, "v1");
        var impatient = await StoreFactory.OpenAsync(
            new NpgsqlConnectionStringBuilder(temp.ConnectionString) { Options = "-c lock_timeout=200" }.ConnectionString,
            new KeyRingOptions(temp.KeyFolder));
        await using var holder = new NpgsqlConnection(temp.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var select = new NpgsqlCommand("""SELECT 1 FROM people WHERE "Id" = @id FOR NO KEY UPDATE""", holder, hold))
        {
            select.Parameters.AddWithValue("id", person.Id);
            await select.ExecuteNonQueryAsync();
        }

        var writeError = await Record.ExceptionAsync(() => impatient.AddAnalysisAsync(
            person.Id, Samples.Analysis(), Samples.PhotoBytes(7), photoNeedsConsent: true));
        var withdrawError = await Record.ExceptionAsync(
            () => impatient.WithdrawConsentAsync(person.Id, ConsentPurpose.KeepPhotos));
        await hold.CommitAsync();
        var (withdrawn, _) = await impatient.WithdrawConsentAsync(person.Id, ConsentPurpose.KeepPhotos);

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, PostgresErrorOf(writeError)?.SqlState);
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, PostgresErrorOf(withdrawError)?.SqlState);
        Assert.True(withdrawn);
        Assert.Equal(0, await temp.Store.CountPhotosAsync(person.Id));
    }

    // EF Core wraps a lock timeout in an InvalidOperationException that calls it a transient failure.
    private static PostgresException? PostgresErrorOf(Exception? error)
    {
        while (error is not null and not PostgresException)
        {
            error = error.InnerException;
        }

        return error as PostgresException;
    }

    private static async Task<Guid> WriteAsync(SkinsightStore store, string write, Guid personId)
    {
        var analysis = Samples.Analysis() with
        {
            Overlays = new Dictionary<string, string> { [MeasureNames.Redness] = OverlayUrl },
        };
        var photo = Samples.PhotoBytes(7);
        switch (write)
        {
            case "analysis":
                return await store.AddAnalysisAsync(personId, analysis, photo, photoNeedsConsent: true);
            case "plan":
                var (analysisId, _) = await store.AddAnalysisWithPlanAsync(
                    personId, analysis, photo, Samples.Profile(), Samples.Plan(), photoNeedsConsent: true);
                return analysisId;
            case "check-in":
                var checkIn = new CheckInRecord { TakenAt = DateTime.UtcNow };
                await store.AddCheckInAsync(personId, checkIn, analysis, photo, photoNeedsConsent: true);
                return checkIn.AnalysisId!.Value;
            default:
                await store.AddJobAsync(personId, JobKinds.Analysis, photo, maxAttempts: 1);
                var claim = (await store.ClaimJobAsync("worker", TimeSpan.FromMinutes(1)))!;
                return (await store.CompleteAnalysisJobAsync(claim, analysis, photo, photoNeedsConsent: true))!.Value;
        }
    }
}
