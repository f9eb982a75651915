using Skinsight.Application.Analyses;
using Skinsight.Application.Privacy;
using Skinsight.Core;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tests;

public class ConsentTests
{
    [Fact]
    public async Task RequireAsync_WithoutConsent_Throws403()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("ana");
        var consents = new ConsentService(temp.Store);

        var error = await Assert.ThrowsAsync<ConsentRequiredException>(
            () => consents.RequireAsync(person.Id, ConsentPurpose.Analysis));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("'analysis'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PUT /api/consents/analysis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrantAsync_OldTextVersion_IsRejected()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("ana");
        var consents = new ConsentService(temp.Store);

        var error = await Assert.ThrowsAsync<InvalidInputException>(
            () => consents.GrantAsync(person.Id, ConsentTexts.Parse("analysis"), "1999-01-01"));

        Assert.Contains(ConsentTexts.For(ConsentPurpose.Analysis).Version, error.Message, StringComparison.Ordinal);
        Assert.False(await consents.HoldsAsync(person.Id, ConsentPurpose.Analysis));
    }

    [Fact]
    public async Task GrantThenWithdraw_KeepsHistoryAndEndsConsent()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("ana");
        var consents = new ConsentService(temp.Store);
        var research = ConsentTexts.Parse("research");

        var grant = await consents.GrantAsync(person.Id, research, research.Version);
        bool heldBefore = await consents.HoldsAsync(person.Id, ConsentPurpose.Research);
        var (withdrawn, photos) = await consents.WithdrawAsync(person.Id, research);

        Assert.True(heldBefore);
        Assert.Equal(research.Version, grant.TextVersion);
        Assert.True(withdrawn);
        Assert.Equal(0, photos);
        Assert.False(await consents.HoldsAsync(person.Id, ConsentPurpose.Research));
        await using var context = temp.Store.CreateContext();
        var history = context.Consents.Where(c => c.PersonId == person.Id).ToList();
        Assert.Single(history);
        Assert.NotNull(history[0].WithdrawnAt);
    }

    [Fact]
    public async Task WithdrawKeepPhotos_DeletesStoredPhotosOnly()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("ana");
        var other = await temp.Store.GetOrCreatePersonAsync("ben");
        var service = new AnalysisService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)));
        var consents = new ConsentService(temp.Store);
        var keep = ConsentTexts.Parse("keep-photos");
        await consents.GrantAsync(person.Id, keep, keep.Version);
        var first = await service.AnalyzeAsync(person.Id, Samples.Jpeg);
        await service.AnalyzeAsync(person.Id, Samples.Jpeg);
        await service.AnalyzeAsync(other.Id, Samples.Jpeg);

        var (_, deleted) = await consents.WithdrawAsync(person.Id, keep);

        Assert.Equal(2, deleted);
        Assert.Equal(0, await temp.Store.CountPhotosAsync(person.Id));
        Assert.Equal(1, await temp.Store.CountPhotosAsync(other.Id));
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, first.AnalysisId!.Value));
    }

    [Fact]
    public async Task AnalyzeAsync_WithoutKeepPhoto_KeepsNoPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("ana");
        var service = new AnalysisService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        var result = await service.AnalyzeAsync(person.Id, Samples.Jpeg, keepPhoto: false);

        Assert.NotNull(result.AnalysisId);
        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, result.AnalysisId.Value));
        Assert.Null(await temp.Store.LoadPhotoAsync(person.Id, result.AnalysisId.Value));
        Assert.Equal(0, await temp.Store.CountPhotosAsync(person.Id));
    }
}
