using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

/// <summary>
/// Claim, completion, retry, dead letter and lease expiry of background jobs, on SQLite always and on
/// PostgreSQL when <c>SKINSIGHT_TEST_POSTGRES</c> is set (the PostgreSQL cases are not listed otherwise).
/// </summary>
public class JobStoreTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(5);

    public static TheoryData<string> Providers()
    {
        var providers = new TheoryData<string> { "sqlite" };
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresFactAttribute.EnvironmentVariable)))
        {
            providers.Add("postgres");
        }

        return providers;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_QueuedJob_GoesToOneWorkerOnly(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);

        var first = await temp.Store.ClaimJobAsync("worker-a", s_lease);
        var second = await temp.Store.ClaimJobAsync("worker-b", s_lease);
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.NotNull(first);
        Assert.Equal(job.Id, first.JobId);
        Assert.Equal(person.Id, first.PersonId);
        Assert.Equal(1, first.Attempt);
        Assert.Equal(3, first.MaxAttempts);
        Assert.Null(second);
        Assert.Equal(JobState.Running, stored!.State);
        Assert.Equal("worker-a", stored.LeaseOwner);
        Assert.NotNull(stored.StartedAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Complete_HeldClaim_StoresAnalysisAndDeletesInput(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        var claim = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;

        Assert.Equal(Samples.PhotoBytes(1), await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
        var analysisId = await temp.Store.CompleteAnalysisJobAsync(claim, Samples.Analysis(), Samples.PhotoBytes(2));
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.NotNull(analysisId);
        Assert.Equal(JobState.Succeeded, stored!.State);
        Assert.Equal(analysisId, stored.ResultId);
        Assert.NotNull(stored.CompletedAt);
        Assert.Null(stored.LeaseOwner);
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, analysisId.Value));
        Assert.Equal(Samples.PhotoBytes(2), await temp.Store.LoadPhotoAsync(person.Id, analysisId.Value));
        Assert.Null(await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Complete_AfterLeaseExpiredAndReclaimed_StoresOnce(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        var crashed = (await temp.Store.ClaimJobAsync("worker-a", TimeSpan.FromMilliseconds(50)))!;
        await Task.Delay(200);

        var reclaimed = await temp.Store.ClaimJobAsync("worker-b", s_lease);
        var late = await temp.Store.CompleteAnalysisJobAsync(crashed, Samples.Analysis(), null);
        var current = await temp.Store.CompleteAnalysisJobAsync(reclaimed!, Samples.Analysis(), null);

        Assert.NotNull(reclaimed);
        Assert.Equal(crashed.JobId, reclaimed.JobId);
        Assert.Equal(2, reclaimed.Attempt);
        Assert.Null(late);
        Assert.NotNull(current);
        Assert.Single(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Complete_SameWorkerAfterReclaim_IsFencedByAttempt(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        var first = (await temp.Store.ClaimJobAsync("worker-a", TimeSpan.FromMilliseconds(50)))!;
        await Task.Delay(200);
        var second = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;

        var stale = await temp.Store.CompleteAnalysisJobAsync(first, Samples.Analysis(), null);
        var fresh = await temp.Store.CompleteAnalysisJobAsync(second, Samples.Analysis(), null);

        Assert.Null(stale);
        Assert.NotNull(fresh);
        Assert.Single(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fail_RetryableBeforeLastAttempt_QueuesAfterDelay(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        var claim = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;

        var state = await temp.Store.FailJobAsync(claim, "TimeoutException: the store timed out", retryable: true, TimeSpan.FromHours(1));
        var early = await temp.Store.ClaimJobAsync("worker-b", s_lease);
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.Equal(JobState.Queued, state);
        Assert.Null(early);
        Assert.Equal(JobState.Queued, stored!.State);
        Assert.Equal(1, stored.Attempts);
        Assert.True(stored.NotBefore > DateTime.UtcNow.AddMinutes(55), $"not before {stored.NotBefore:O}");
        Assert.Equal("TimeoutException: the store timed out", stored.LastError);
        Assert.Null(stored.CompletedAt);
        Assert.NotNull(await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fail_RetryableOnLastAttempt_GoesToDeadLetterUntilRetried(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 2);
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var claim = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;
            Assert.Equal(attempt, claim.Attempt);
            await temp.Store.FailJobAsync(claim, $"IOException: attempt {attempt}", retryable: true, TimeSpan.Zero);
        }

        var dead = await temp.Store.FindJobAsync(person.Id, job.Id);
        var listed = await temp.Store.ListJobsForOperatorAsync(JobState.DeadLetter);
        var retried = await temp.Store.RetryJobAsync(job.Id);
        var again = await temp.Store.RetryJobAsync(job.Id);
        var claimAfterRetry = await temp.Store.ClaimJobAsync("worker-b", s_lease);

        Assert.Equal(JobState.DeadLetter, dead!.State);
        Assert.Equal("IOException: attempt 2", dead.LastError);
        Assert.NotNull(dead.CompletedAt);
        Assert.Equal([job.Id], listed.Select(j => j.Id));
        Assert.Equal(JobRetryResult.Queued, retried);
        Assert.Equal(JobRetryResult.NotDeadLetter, again);
        Assert.Equal(JobRetryResult.NotFound, await temp.Store.RetryJobAsync(Guid.NewGuid()));
        var queued = await temp.Store.FindJobAsync(person.Id, job.Id);
        Assert.Null(queued!.LastError);
        Assert.Null(queued.FailureKind);
        Assert.NotNull(claimAfterRetry);
        Assert.Equal(1, claimAfterRetry.Attempt);
        Assert.Equal(Samples.PhotoBytes(1), await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fail_NotRetryable_FailsAtOnceAndDeletesInput(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 5);
        var claim = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;

        var state = await temp.Store.FailJobAsync(claim, "The input is not a usable image.", retryable: false, TimeSpan.Zero);
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.Equal(JobState.Failed, state);
        Assert.Equal(JobState.Failed, stored!.State);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal("The input is not a usable image.", stored.LastError);
        Assert.Null(await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
        Assert.Null(await temp.Store.ClaimJobAsync("worker-b", s_lease));
        Assert.Equal(JobRetryResult.NotDeadLetter, await temp.Store.RetryJobAsync(job.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_LeaseExpiredOnLastAttempt_MovesJobToDeadLetter(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 1);
        var crashed = (await temp.Store.ClaimJobAsync("worker-a", TimeSpan.FromMilliseconds(50)))!;
        await Task.Delay(200);

        var next = await temp.Store.ClaimJobAsync("worker-b", s_lease);
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.Null(next);
        Assert.Equal(JobState.DeadLetter, stored!.State);
        Assert.Equal(SkinsightStore.LeaseExpiredError, stored.LastError);
        Assert.Contains("--job-lease", stored.LastError);
        Assert.Equal(JobFailureKind.Error, stored.FailureKind);
        Assert.Null(await temp.Store.CompleteAnalysisJobAsync(crashed, Samples.Analysis(), null));
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Renew_HeldClaim_OutlivesFirstLease(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        // Five renewals a third of a lease apart outlive the first lease by far. Each step may take up to about a
        // second longer than planned on a loaded machine before the lease would run out between two renewals.
        var lease = TimeSpan.FromMilliseconds(1500);
        var claim = (await temp.Store.ClaimJobAsync("worker-a", lease))!;

        var renewals = new List<bool>();
        var others = new List<JobClaim?>();
        for (int i = 0; i < 5; i++)
        {
            await Task.Delay(500);
            renewals.Add(await temp.Store.RenewJobLeaseAsync(claim, lease));
            others.Add(await temp.Store.ClaimJobAsync("worker-b", lease));
        }

        var completed = await temp.Store.CompleteAnalysisJobAsync(claim, Samples.Analysis(), null);
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.All(renewals, Assert.True);
        Assert.All(others, Assert.Null);
        Assert.NotNull(completed);
        Assert.Equal(JobState.Succeeded, stored!.State);
        Assert.Equal(1, stored.Attempts);
        Assert.Null(stored.LastError);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Renew_AfterReclaim_IsFenced(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        var stalled = (await temp.Store.ClaimJobAsync("worker-a", TimeSpan.FromMilliseconds(50)))!;
        await Task.Delay(200);
        var reclaimed = (await temp.Store.ClaimJobAsync("worker-b", s_lease))!;

        bool renewed = await temp.Store.RenewJobLeaseAsync(stalled, s_lease);
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.False(renewed);
        Assert.Equal("worker-b", stored!.LeaseOwner);
        Assert.Equal(2, stored.Attempts);
        Assert.Equal(SkinsightStore.LeaseExpiredError, stored.LastError);
        Assert.Equal(JobFailureKind.Error, stored.FailureKind);
        Assert.True(stored.LeaseExpiresAt > DateTime.UtcNow.AddMinutes(4), $"lease until {stored.LeaseExpiresAt:O}");
        Assert.NotNull(await temp.Store.CompleteAnalysisJobAsync(reclaimed, Samples.Analysis(), null));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fail_PhotoRejected_StoresQualityReport(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 5);
        var claim = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;
        var quality = new Core.Analysis.QualityReport(
            false, 31, [new Core.Analysis.QualityIssue("too-dark", "The photo is too dark.", "Face a window.", true)]);

        var state = await temp.Store.FailJobAsync(
            claim, "The photo is too dark. Face a window.", retryable: false, TimeSpan.Zero,
            kind: JobFailureKind.PhotoRejected, rejection: quality);
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);
        var report = StoreJson.Deserialize<Core.Analysis.QualityReport>(stored!.RejectionJson!, "RejectionJson");

        Assert.Equal(JobState.Failed, state);
        Assert.Equal(JobFailureKind.PhotoRejected, stored.FailureKind);
        Assert.False(report.Accepted);
        Assert.Equal(31, report.Score);
        var issue = Assert.Single(report.Issues);
        Assert.Equal(quality.Issues[0], issue);
    }

    [Fact]
    public async Task Fail_MismatchedKindAndReport_Throws()
    {
        await using var temp = await OpenAsync("sqlite");
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 5);
        var claim = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;

        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.FailJobAsync(
            claim, "rejected", retryable: false, TimeSpan.Zero, kind: JobFailureKind.PhotoRejected));
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.FailJobAsync(
            claim, "rejected", retryable: true, TimeSpan.Zero, kind: JobFailureKind.InvalidInput));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Release_ClaimedJob_QueuesWithoutCountingAttempt(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        await temp.Store.AddJobAsync(person.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        var claim = (await temp.Store.ClaimJobAsync("worker-a", s_lease))!;

        Assert.True(await temp.Store.ReleaseJobAsync(claim));
        Assert.False(await temp.Store.ReleaseJobAsync(claim));
        var next = await temp.Store.ClaimJobAsync("worker-b", s_lease);

        Assert.NotNull(next);
        Assert.Equal(1, next.Attempt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_ManyWorkersAtOnce_ClaimEachJobOnce(string provider)
    {
        const int Jobs = 60;
        const int Workers = 6;
        await using var temp = await OpenAsync(provider);
        var person = await temp.Store.GetOrCreatePersonAsync("alice");
        for (int i = 0; i < Jobs; i++)
        {
            await temp.Store.AddJobAsync(person.Id, JobKinds.Probe, new byte[] { (byte)i }, maxAttempts: 3);
        }

        var claimed = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            while (await temp.Store.ClaimJobAsync($"worker-{w}", s_lease) is { } claim)
            {
                claimed.Add(claim.JobId);
                Assert.NotNull(await temp.Store.CompleteAnalysisJobAsync(claim, Samples.Analysis(), null));
            }
        })));

        Assert.Equal(Jobs, claimed.Count);
        Assert.Equal(Jobs, claimed.Distinct().Count());
        Assert.Equal(Jobs, (await temp.Store.ListAnalysesAsync(person.Id, limit: 1000)).Count);
        Assert.Equal(Jobs, (await temp.Store.CountJobsByStateAsync())[JobState.Succeeded]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeletePerson_WithJobs_DeletesJobsAndInputs(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        await temp.Store.AddJobAsync(alice.Id, JobKinds.Analysis, Samples.PhotoBytes(1), maxAttempts: 3);
        var bobsJob = await temp.Store.AddJobAsync(bob.Id, JobKinds.Analysis, Samples.PhotoBytes(2), maxAttempts: 3);

        Assert.True(await temp.Store.DeletePersonAsync(alice.Id));

        await using var context = temp.Store.CreateContext();
        Assert.Equal([bobsJob.Id], await context.Jobs.Select(j => j.Id).ToListAsync());
        Assert.Equal([bob.Id], await context.JobPayloads.Select(p => p.PersonId).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddJob_Input_IsEncryptedAtRestAndOwnedByPerson(string provider)
    {
        await using var temp = await OpenAsync(provider);
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        byte[] photo = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];
        var job = await temp.Store.AddJobAsync(alice.Id, JobKinds.Analysis, photo, maxAttempts: 3);

        await using var context = temp.Store.CreateContext();
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Content\" FROM job_payloads";
        var raw = (byte[])(await command.ExecuteScalarAsync())!;

        Assert.True(raw.AsSpan().IndexOf(photo.AsSpan(8, 32)) < 0, "the plain photo bytes are in the database");
        Assert.Equal(photo, await temp.Store.LoadJobPayloadAsync(alice.Id, job.Id));
        Assert.Null(await temp.Store.LoadJobPayloadAsync(bob.Id, job.Id));
        Assert.Null(await temp.Store.FindJobAsync(bob.Id, job.Id));
    }

    [Fact]
    public async Task AddJob_UnknownKindOrPerson_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("alice");

        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.AddJobAsync(person.Id, "resize", new byte[] { 1 }, 3));
        await Assert.ThrowsAsync<PersonNotFoundException>(() => temp.Store.AddJobAsync(Guid.NewGuid(), JobKinds.Analysis, new byte[] { 1 }, 3));
    }

    private static async Task<OpenStore> OpenAsync(string provider)
    {
        if (provider == "postgres")
        {
            var postgres = await TempPostgresStore.OpenAsync();
            return new OpenStore(postgres.Store, postgres);
        }

        var sqlite = await TempStore.OpenAsync();
        return new OpenStore(sqlite.Store, sqlite);
    }

    private sealed record OpenStore(SkinsightStore Store, IAsyncDisposable Owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owner.DisposeAsync();
    }
}
