using Skinsight.Application.Analyses;
using Skinsight.Application.Jobs;
using Skinsight.Application.Plans;
using Skinsight.Application.Ports;
using Skinsight.Application.Privacy;
using Skinsight.Application.Tracking;
using Skinsight.Core.Analysis;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tests;

/// <summary>
/// A person withdraws keep-photos consent while their photo is being analysed: after the consent check that let
/// the photo be kept, and before the analysis is stored.
/// </summary>
public class KeepPhotosWithdrawalTests
{
    private const string OverlayFile = "redness.png";

    [Fact]
    public async Task AnalyzeAsync_WithdrawnMidway_KeepsNoPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, consents) = await SignUpAsync(temp);
        var analyzer = new WithdrawingAnalyzer(consents, personId);
        var service = new AnalysisService(temp.Store, analyzer);

        var result = await service.AnalyzeAsync(
            personId, Samples.Jpeg, cancellationToken: default, keepPhoto: true, photoNeedsConsent: true);

        Assert.True(analyzer.Withdrew);
        Assert.NotNull(result.AnalysisId);
        var stored = await temp.Store.FindAnalysisAsync(personId, result.AnalysisId.Value);
        Assert.NotNull(stored);
        Assert.Empty(SkinsightStore.ReadAnalysis(stored).Overlays);
        Assert.Equal(0, await temp.Store.CountPhotosAsync(personId));
    }

    [Fact]
    public async Task BuildAsync_WithdrawnMidway_KeepsNoPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, consents) = await SignUpAsync(temp);
        var service = new PlanService(temp.Store, new FakePlanner(Samples.Plan()), new WithdrawingAnalyzer(consents, personId));

        var result = await service.BuildAsync(
            personId, Samples.Profile(), Samples.Jpeg, keepPhoto: true, photoNeedsConsent: true);

        Assert.NotNull(result.AnalysisId);
        Assert.NotNull(await temp.Store.FindPlanAsync(personId, result.PlanId));
        Assert.Equal(0, await temp.Store.CountPhotosAsync(personId));
    }

    [Fact]
    public async Task AddAsync_WithdrawnMidway_KeepsNoPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, consents) = await SignUpAsync(temp);
        var service = new CheckInService(temp.Store, new WithdrawingAnalyzer(consents, personId));

        var result = await service.AddAsync(
            personId, new CheckInRequest(), Samples.Jpeg, keepPhoto: true, photoNeedsConsent: true);

        Assert.NotNull(result.CheckInId);
        Assert.Single(await temp.Store.ListCheckInsAsync(personId));
        Assert.Equal(0, await temp.Store.CountPhotosAsync(personId));
    }

    [Fact]
    public async Task RunNext_WithdrawnMidway_KeepsNoPhotoOrOverlays()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, consents) = await SignUpAsync(temp);
        var folders = new RecordingFolders();
        var service = new AnalysisJobService(temp.Store, new WithdrawingAnalyzer(consents, personId), consents);
        await service.EnqueueAsync(personId, Samples.Jpeg);

        var outcome = await service.RunNextAsync("worker", TimeSpan.FromMinutes(1), overlays: folders);

        Assert.NotNull(outcome);
        Assert.Equal(JobState.Succeeded, outcome.State);
        var stored = await temp.Store.FindAnalysisAsync(personId, outcome.AnalysisId!.Value);
        Assert.NotNull(stored);
        Assert.Empty(SkinsightStore.ReadAnalysis(stored).Overlays);
        Assert.Equal(0, await temp.Store.CountPhotosAsync(personId));
        Assert.Single(folders.Created);
        Assert.Equal(folders.Created, folders.Sealed);
    }

    [Fact]
    public async Task CreateUnderConsent_WithdrawnBeforeRead_DeletesFolder()
    {
        await using var temp = await TempStore.OpenAsync();
        var (personId, consents) = await SignUpAsync(temp);
        var folders = new RecordingFolders();
        await consents.WithdrawAsync(personId, ConsentTexts.For(ConsentPurpose.KeepPhotos));

        var folder = await folders.CreateUnderConsentAsync(consents, personId);

        Assert.Null(folder);
        Assert.Single(folders.Created);
        Assert.Equal(folders.Created, folders.Deleted);
    }

    private static async Task<(Guid PersonId, ConsentService Consents)> SignUpAsync(TempStore temp)
    {
        var person = await temp.Store.GetOrCreatePersonAsync("withdraws-midway");
        var consents = new ConsentService(temp.Store);
        foreach (var purpose in new[] { ConsentPurpose.Analysis, ConsentPurpose.KeepPhotos })
        {
            var text = ConsentTexts.For(purpose);
            await consents.GrantAsync(person.Id, text, text.Version);
        }

        return (person.Id, consents);
    }

    /// <summary>
    /// Returns an accepted analysis with one overlay, after withdrawing the person's keep-photos consent, as a
    /// request that arrives while the photo is analysed would.
    /// </summary>
    private sealed class WithdrawingAnalyzer(ConsentService consents, Guid personId) : IPhotoAnalyzer
    {
        public bool Withdrew { get; private set; }

        public SkinAnalysis Analyze(ReadOnlySpan<byte> photo, string? overlayDirectory)
        {
            // Analyze is synchronous, and the test host has no synchronization context to deadlock on.
            var (withdrawn, _) = consents.WithdrawAsync(personId, ConsentTexts.For(ConsentPurpose.KeepPhotos))
                .GetAwaiter().GetResult();
            Withdrew = withdrawn;
            string overlay = Path.Combine(overlayDirectory ?? "overlays", OverlayFile);
            return Samples.Analysis(accepted: true) with
            {
                Overlays = new Dictionary<string, string> { [MeasureNames.Redness] = overlay },
            };
        }

        public byte[] PrepareForStorage(ReadOnlySpan<byte> photo) => photo.ToArray();
    }

    /// <summary>Records each call and seals one overlay per folder, as an overlay store whose owner has not yet withdrawn would.</summary>
    private sealed class RecordingFolders : IOverlayFolders
    {
        public List<string> Created { get; } = [];

        public List<string> Sealed { get; } = [];

        public List<string> Deleted { get; } = [];

        public (string Token, string Path) CreateFolder(Guid ownerId)
        {
            string token = Guid.NewGuid().ToString("N");
            Created.Add(token);
            return (token, Path.Combine("scratch", token));
        }

        public int Seal(string token, Guid ownerId)
        {
            Sealed.Add(token);
            return 1;
        }

        public void DeleteFolder(string token) => Deleted.Add(token);
    }
}
