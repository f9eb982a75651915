using Microsoft.EntityFrameworkCore;
using Skinsight.Application.Jobs;
using Skinsight.Application.Privacy;
using Skinsight.Core;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tests;

public class AnalysisJobServiceTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunNext_AcceptedPhoto_StoresAnalysisAndPhotoByConsent(bool keepPhotos)
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var consents = await GrantAsync(temp, person.Id, keepPhotos ? ["analysis", "keep-photos"] : ["analysis"]);
        var service = new AnalysisJobService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)), consents);
        var job = await service.EnqueueAsync(person.Id, Samples.Jpeg);

        var outcome = await service.RunNextAsync("worker", s_lease);

        Assert.NotNull(outcome);
        Assert.Equal(JobState.Succeeded, outcome.State);
        Assert.Equal(job.Id, outcome.Claim.JobId);
        Guid analysisId = outcome.AnalysisId!.Value;
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, analysisId));
        Assert.Equal(keepPhotos ? Samples.Jpeg : null, await temp.Store.LoadPhotoAsync(person.Id, analysisId));
        Assert.Null(await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
        Assert.Null(await service.RunNextAsync("worker", s_lease));
    }

    [Fact]
    public async Task RunNext_RejectedPhoto_FailsAtOnceWithQualityReasons()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var rejected = Samples.Analysis(accepted: false) with
        {
            Quality = new QualityReport(false, 20, [new QualityIssue("blurred", "The photo is blurred.", "Hold the camera still.", true)]),
        };
        var service = new AnalysisJobService(temp.Store, new FakeAnalyzer(rejected), await GrantAsync(temp, person.Id, ["analysis"]));
        var job = await service.EnqueueAsync(person.Id, Samples.Jpeg);

        var outcome = await service.RunNextAsync("worker", s_lease);

        Assert.Equal(JobState.Failed, outcome!.State);
        Assert.Equal("The photo is blurred. Hold the camera still.", outcome.Error);
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
        Assert.Null(await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);
        Assert.Equal(JobFailureKind.PhotoRejected, stored!.FailureKind);
        Assert.Equal(1, stored.Attempts);
        Assert.Contains("\"blurred\"", stored.RejectionJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunNext_RejectedWithoutReasons_FailsWithGateTitle()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new AnalysisJobService(
            temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: false)), await GrantAsync(temp, person.Id, ["analysis"]));
        await service.EnqueueAsync(person.Id, Samples.Jpeg);

        var outcome = await service.RunNextAsync("worker", s_lease);

        Assert.Equal(JobState.Failed, outcome!.State);
        Assert.Equal("Photo rejected by the quality gate.", outcome.Error);
    }

    [Fact]
    public async Task RunNext_AnalysisConsentWithdrawn_FailsAtOnce()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var consents = await GrantAsync(temp, person.Id, ["analysis"]);
        var analyzer = new FakeAnalyzer(Samples.Analysis(accepted: true));
        var service = new AnalysisJobService(temp.Store, analyzer, consents);
        await service.EnqueueAsync(person.Id, Samples.Jpeg);
        await consents.WithdrawAsync(person.Id, ConsentTexts.Parse("analysis"));

        var outcome = await service.RunNextAsync("worker", s_lease);

        Assert.Equal(JobState.Failed, outcome!.State);
        Assert.Contains("consent to 'analysis'", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("ConsentRequiredException", outcome.ErrorType);
        Assert.Equal(0, analyzer.Calls);
        var stored = await temp.Store.FindJobAsync(person.Id, outcome.Claim.JobId);
        Assert.Equal(JobFailureKind.InvalidInput, stored!.FailureKind);
        Assert.Null(stored.RejectionJson);
    }

    [Fact]
    public async Task RunNext_UnexpectedError_RetriesThenGoesToDeadLetter()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var policy = new JobRetryPolicy(2, TimeSpan.Zero, TimeSpan.Zero);
        var service = new AnalysisJobService(
            temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)), await GrantAsync(temp, person.Id, ["analysis"]), policy);
        var job = await service.EnqueueAsync(person.Id, Samples.NotAPhoto);

        var first = await service.RunNextAsync("worker", s_lease);
        var second = await service.RunNextAsync("worker", s_lease);
        var third = await service.RunNextAsync("worker", s_lease);

        Assert.Equal(JobState.Queued, first!.State);
        Assert.Equal("UndecodablePhotoException: The photo does not decode.", first.Error);
        Assert.IsType<UndecodablePhotoException>(first.Exception);
        Assert.Equal(JobState.DeadLetter, second!.State);
        Assert.Equal(2, second.Claim.Attempt);
        Assert.Null(third);
        Assert.NotNull(await temp.Store.LoadJobPayloadAsync(person.Id, job.Id));
    }

    [Fact]
    public async Task RunNext_LongerThanLease_RunsOnce()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new AnalysisJobService(
            temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)), await GrantAsync(temp, person.Id, ["analysis"]));
        // The job (10 s, the probe's maximum) runs longer than its lease, so it needs the heartbeat. Shorter leases
        // expired between two renewals on a loaded machine: 300 ms, in a full CI run 1 s, 2 s once at a load average of about 7 on 2 cores, and 4 s
        // once in a full CI run. An 8 s lease lets a renewal come up to about 5.3 s late.
        var lease = TimeSpan.FromMilliseconds(8000);
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Probe, ProbeInput(milliseconds: 10000), maxAttempts: 5);

        var running = service.RunNextAsync("worker-a", lease);
        var stolen = new List<Data.JobClaim>();
        while (!running.IsCompleted)
        {
            await Task.Delay(100);
            if (await temp.Store.ClaimJobAsync("worker-b", lease) is { } claim)
            {
                stolen.Add(claim);
            }
        }

        var outcome = await running;
        var stored = await temp.Store.FindJobAsync(person.Id, job.Id);

        Assert.Empty(stolen);
        Assert.Equal(JobState.Succeeded, outcome!.State);
        Assert.Equal(0, outcome.FailedLeaseRenewals);
        Assert.Equal(1, stored!.Attempts);
        Assert.Single(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task RunNext_LeaseLost_StopsEarly()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new AnalysisJobService(
            temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)), await GrantAsync(temp, person.Id, ["analysis"]));
        var lease = TimeSpan.FromMilliseconds(300);
        var job = await temp.Store.AddJobAsync(person.Id, JobKinds.Probe, ProbeInput(milliseconds: 10000), maxAttempts: 5);

        var running = service.RunNextAsync("worker-a", lease);
        // A fixed wait here once let the takeover below run before worker-a had claimed the job on a loaded CI
        // machine, so worker-a found nothing to claim. Wait for the claim itself.
        await WaitForOwnerAsync(temp, job.Id, "worker-a");

        // Another worker takes the job over as if worker-a's lease had expired.
        var takeover = await TakeOverAsync(temp, job.Id);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await running;

        Assert.Null(outcome!.State);
        // The probe would run 10 s, the most it allows; the limit leaves a loaded machine room for a few late heartbeats.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"the attempt ran on for {clock.Elapsed} after losing its lease");
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
        Assert.NotNull(await temp.Store.CompleteAnalysisJobAsync(takeover, Samples.Analysis(accepted: true), null));
    }

    [Fact]
    public async Task Enqueue_EmptyPhoto_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new AnalysisJobService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)), new ConsentService(temp.Store));

        await Assert.ThrowsAsync<InvalidInputException>(() => service.EnqueueAsync(person.Id, ReadOnlyMemory<byte>.Empty));
    }

    [Theory]
    [InlineData(1, 500, 1000)]
    [InlineData(2, 1000, 2000)]
    [InlineData(4, 4000, 8000)]
    [InlineData(10, 30000, 60000)]
    public void DelayAfter_Attempt_DoublesWithJitterUpToMax(int attempt, double minMilliseconds, double maxMilliseconds)
    {
        var policy = new JobRetryPolicy(10, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var random = new Random(7);

        var delays = Enumerable.Range(0, 100).Select(_ => policy.DelayAfter(attempt, random).TotalMilliseconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, minMilliseconds, maxMilliseconds));
        Assert.True(delays.Distinct().Count() > 50, "the delays carry no jitter");
    }

    [Fact]
    public void ProbeWorkTime_Input_ReadsMillisecondsAndCaps()
    {
        Assert.Equal(TimeSpan.Zero, AnalysisJobService.ProbeWorkTime([1, 2, 3]));
        Assert.Equal(TimeSpan.FromMilliseconds(50), AnalysisJobService.ProbeWorkTime([50, 0, 0, 0]));
        Assert.Equal(AnalysisJobService.MaxProbeWorkTime, AnalysisJobService.ProbeWorkTime([0xFF, 0xFF, 0xFF, 0xFF]));
    }

    private static byte[] ProbeInput(uint milliseconds)
    {
        byte[] input = new byte[sizeof(uint)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(input, milliseconds);
        return input;
    }

    /// <summary>Moves a running job's lease to a new worker, as a reclaim after expiry does, and returns its claim.</summary>
    private static async Task WaitForOwnerAsync(TempStore temp, Guid jobId, string owner)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var context = temp.Store.CreateContext();
            if (await context.Jobs.AnyAsync(j => j.Id == jobId && j.LeaseOwner == owner))
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"{owner} did not claim job {jobId} within 30 s");
    }

    private static async Task<Data.JobClaim> TakeOverAsync(TempStore temp, Guid jobId)
    {
        await using var context = temp.Store.CreateContext();
        var job = await context.Jobs.SingleAsync(j => j.Id == jobId);
        job.LeaseOwner = "worker-b";
        job.Attempts++;
        job.LeaseExpiresAt = DateTime.UtcNow.AddMinutes(5);
        await context.SaveChangesAsync();
        return new Data.JobClaim(job.Id, job.PersonId, job.Kind, job.Attempts, job.MaxAttempts, "worker-b");
    }

    private static async Task<ConsentService> GrantAsync(TempStore temp, Guid personId, string[] purposes)
    {
        var consents = new ConsentService(temp.Store);
        foreach (string purpose in purposes)
        {
            var text = ConsentTexts.Parse(purpose);
            await consents.GrantAsync(personId, text, text.Version);
        }

        return consents;
    }
}
